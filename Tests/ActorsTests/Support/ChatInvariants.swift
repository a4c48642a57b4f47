@testable import Actors

/// What must hold between the actors' states whatever crashed when: the facts that one operation spanning several
/// actors writes in each of them. Returns the violations, each in a sentence, so a failure says what is broken.
enum ChatInvariants {
    static func violations(_ d: StateDump) -> [String] {
        teamViolations(d) + membershipViolations(d) + directoryViolations(d)
    }

    /// Every team has its two default channels, and every active member is in town-square.
    static func teamViolations(_ d: StateDump) -> [String] {
        var out: [String] = []
        for (id, t) in d.teams {
            for (name, channelID) in [(Channel.townSquare, t.townSquareID), (Channel.offTopic, t.offTopicID)] {
                guard let c = d.channels[channelID]?.channel else { out.append("team \(id) has no \(name) channel"); continue }
                if c.teamID != id || c.name != name { out.append("team \(id)'s \(name) is \(c.name) of \(String(describing: c.teamID))") }
            }
            for (name, channelID) in t.channelsByName where d.channels[channelID] == nil {
                out.append("team \(id) names channel \(name) that does not exist")
            }
            for (user, m) in t.members where m.deleteAt == 0 && d.channels[t.townSquareID]?.members[user] == nil {
                out.append("team member \(user) of \(id) is missing from town-square")
            }
        }
        return out
    }

    /// Members of a team's channels are active members of the team; the directory's per-user sets agree with
    /// the teams and channels.
    static func membershipViolations(_ d: StateDump) -> [String] {
        var out: [String] = []
        var teamsOf: [ID: Set<ID>] = [:], channelsOf: [ID: Set<ID>] = [:]
        for (id, t) in d.teams { for (user, m) in t.members where m.deleteAt == 0 { teamsOf[user, default: []].insert(id) } }
        for (id, c) in d.channels {
            for user in c.members.keys {
                channelsOf[user, default: []].insert(id)
                if let team = c.channel?.teamID, d.teams[team]?.members[user]?.deleteAt != 0 {
                    out.append("channel \(id) member \(user) is not an active member of team \(team)")
                }
            }
        }
        if teamsOf != d.directory.teamsOf { out.append("the directory's teams-of-user index disagrees with the teams") }
        if channelsOf != d.directory.channelsOf { out.append("the directory's channels-of-user index disagrees with the channels") }
        return out
    }

    /// Every name the directory indexes leads to what it names; no deactivated user keeps a session.
    static func directoryViolations(_ d: StateDump) -> [String] {
        var out: [String] = []
        for (name, id) in d.directory.channelByDirectName {
            guard let c = d.channels[id]?.channel, c.isDirectOrGroup, c.name == name else {
                out.append("direct or group name \(name) leads to no such channel \(id)")
                continue
            }
        }
        for (name, id) in d.directory.teamByName where d.teams[id]?.team?.name != name {
            out.append("team name \(name) leads to no such team \(id)")
        }
        for (_, s) in d.directory.sessions where !(d.directory.users[s.userID]?.isActive ?? false) {
            out.append("user \(s.userID) is deactivated (or unknown) but has a live session")
        }
        return out
    }
}
