import Snapshot
@testable import Actors

/// A canonical view of every actor's state, for comparing a live runtime with one recovered from the journal.
/// States are compared field by field rather than through their snapshot bytes: dictionaries have no stable
/// order, a post store's arena keeps the dead bytes of edits that a snapshot leaves out, and `appliedLSN`
/// legitimately differs (a snapshot records the LSN it was taken at, a replay the LSN of the last record).
struct StateDump: Equatable {
    struct Directory: Equatable {
        var users: [ID: User]
        var userByName: [String: ID]
        var userByEmail: [String: ID]
        var sessions: [String: Session]
        var sessionTokens: [ID: Set<String>]
        var teamByName: [String: ID]
        var teamByInvite: [ID: ID]
        var teamsOf: [ID: Set<ID>]
        var channelsOf: [ID: Set<ID>]
        var channelByDirectName: [String: ID]
        var preferences: [ID: [PreferenceKey: String]]
        var statuses: [ID: Status]
        var roles: RoleTable
        var configJSON: [UInt8]

        init(_ s: DirectoryState) {
            users = s.users; userByName = s.userByName; userByEmail = s.userByEmail; sessions = s.sessions
            sessionTokens = s.sessionTokens.filter { !$0.value.isEmpty }
            teamByName = s.teamByName; teamByInvite = s.teamByInvite
            teamsOf = s.teamsOf.filter { !$0.value.isEmpty }; channelsOf = s.channelsOf.filter { !$0.value.isEmpty }
            channelByDirectName = s.channelByDirectName
            preferences = s.preferences.filter { !$0.value.isEmpty }
            statuses = s.statuses; roles = s.roles; configJSON = s.configJSON
        }
    }

    struct Team: Equatable {
        var team: Actors.Team?
        var members: [ID: TeamMember]
        var channelsByName: [String: ID]
        var townSquareID: ID
        var offTopicID: ID

        init(_ s: TeamState) {
            team = s.team; members = s.members; channelsByName = s.channelsByName
            townSquareID = s.townSquareID; offTopicID = s.offTopicID
        }
    }

    /// A stored post with what the public form leaves out (its mentions).
    struct StoredPost: Equatable {
        var post: Post
        var mentions: [ID]
    }

    struct Channel: Equatable {
        var channel: Actors.Channel?
        var members: [ID: ChannelMember]
        var posts: [StoredPost]
        var garbageBytes: Int

        init(_ s: ChannelState) {
            channel = s.channel; members = s.members; garbageBytes = s.posts.garbageBytes
            posts = (0..<s.posts.count).map { i in
                StoredPost(post: s.posts.post(at: Int32(i), channelID: s.id), mentions: s.posts.mentions[Int32(i)] ?? [])
            }
        }
    }

    var directory: Directory
    var teams: [ID: Team]
    var channels: [ID: Channel]
    /// The runtime's post → channel map for every stored post (rebuilt at install after a restart).
    var postIndex: [ID: ID]
    /// The role table permission checks read (published by the directory, restored at install).
    var publishedRoles: RoleTable

    /// Captures every actor of `runtime`. Team and channel actors whose creating record never came (an empty
    /// state registered for an operation that was then refused) are left out: they hold nothing.
    static func take(_ runtime: ChatRuntime) async -> StateDump {
        let (directoryState, _) = await runtime.directory.capture()
        var teams: [ID: Team] = [:]
        for actor in runtime.allTeams {
            let (s, _) = await actor.capture()
            if s.team != nil { teams[s.id] = Team(s) }
        }
        var channels: [ID: Channel] = [:]
        var postIndex: [ID: ID] = [:]
        for actor in runtime.allChannels {
            let (s, _) = await actor.capture()
            guard s.channel != nil else { continue }
            channels[s.id] = Channel(s)
            for e in s.posts.entries { postIndex[e.id] = runtime.channelOf(post: e.id) }
        }
        return StateDump(directory: Directory(directoryState), teams: teams, channels: channels, postIndex: postIndex,
                         publishedRoles: runtime.roles)
    }

    /// Names the parts that differ, for a failure message that says where to look.
    func differences(from other: StateDump) -> [String] {
        var out: [String] = []
        let (a, b) = (directory, other.directory)
        let fields: [(String, Bool)] = [
            ("users", a.users == b.users), ("userByName", a.userByName == b.userByName),
            ("userByEmail", a.userByEmail == b.userByEmail), ("sessions", a.sessions == b.sessions),
            ("sessionTokens", a.sessionTokens == b.sessionTokens), ("teamByName", a.teamByName == b.teamByName),
            ("teamByInvite", a.teamByInvite == b.teamByInvite), ("teamsOf", a.teamsOf == b.teamsOf),
            ("channelsOf", a.channelsOf == b.channelsOf), ("channelByDirectName", a.channelByDirectName == b.channelByDirectName),
            ("preferences", a.preferences == b.preferences), ("statuses", a.statuses == b.statuses),
            ("roles", a.roles == b.roles), ("configJSON", a.configJSON == b.configJSON),
        ]
        for (name, same) in fields where !same { out.append("directory.\(name)") }
        for id in Set(teams.keys).union(other.teams.keys) where teams[id] != other.teams[id] { out.append("team \(id)") }
        for id in Set(channels.keys).union(other.channels.keys) where channels[id] != other.channels[id] {
            out.append("channel \(id): \(channels[id].map { "\($0.posts.count) posts" } ?? "absent") vs "
                + "\(other.channels[id].map { "\($0.posts.count) posts" } ?? "absent")")
        }
        if postIndex != other.postIndex { out.append("post index") }
        if publishedRoles != other.publishedRoles { out.append("published roles") }
        return out
    }
}
