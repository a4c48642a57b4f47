import CShims
import Snapshot

/// Operations whose uniqueness the directory owns: team names and DM/GM names. Each creates the new actors,
/// registers them, holds their gates and appends ONE record that every actor it names applies.
extension DirectoryActor {
    public func createTeam(name rawName: String, displayName: String, open: Bool, description: String,
                           by caller: Caller) async throws(ChatError) -> ID {
        let settings = runtime.settings.current
        guard settings.enableTeamCreation || caller.isSystemAdmin else {
            throw ChatError(.forbidden, id: "api.team.is_team_creation_allowed.disabled.app_error", "Team creation has been disabled.")
        }
        guard PermissionEvaluator.has(.createTeam, system: caller.systemRoles, team: nil, channel: nil,
                                      table: runtime.roles) else { throw ChatError.permission("create_team") }
        let name = rawName.lowercased()
        if let e = NameRules.teamName(name) ?? NameRules.teamDisplayName(displayName) ?? NameRules.teamDescription(description) {
            throw e
        }
        let now = runtime.clock.nowMillis()
        let teamID = ID.fast()
        var team = Team(id: teamID, createAt: now, name: name, displayName: displayName.trimmingSpaces, inviteID: ID.random(),
                        allowOpenInvite: open)
        team.description = description
        let town = Channel(id: ID.fast(), teamID: teamID, kind: .open, createAt: now, name: Channel.townSquare,
                           displayName: "Town Square", creatorID: nil)
        let off = Channel(id: ID.fast(), teamID: teamID, kind: .open, createAt: now, name: Channel.offTopic,
                          displayName: "Off-Topic", creatorID: nil)
        let actors = (runtime.newTeamActor(teamID), runtime.newChannelActor(town.id), runtime.newChannelActor(off.id))
        runtime.register(actors.0); runtime.register(actors.1); runtime.register(actors.2)
        do {
            _ = try await perform(with: [actors.0.gate, actors.1.gate, actors.2.gate], { (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
                guard s.teamByName[name] == nil else {
                    throw ChatError(.badRequest, id: "store.sql_team.save_team.existing.app_error",
                                    "A team with that name already exists.")
                }
                return TeamCreated(team: team, creatorID: caller.userID, townSquare: town, offTopic: off)
            }, result: { _ throws(ChatError) in () })
        } catch {
            // Registered before the append; undone only when no record names them (the append never happened).
            if state.teamByName[name] != teamID {
                runtime.unregister(team: teamID); runtime.unregister(channel: town.id); runtime.unregister(channel: off.id)
            }
            throw error
        }
        return teamID
    }

    /// `POST /channels/direct`: idempotent; the name is `<smaller id>__<larger id>` (both equal for a self-DM).
    public func createDirect(_ a: ID, _ b: ID, by caller: Caller) async throws(ChatError) -> ID {
        guard caller.userID == a || caller.userID == b else { throw ChatError.permission("create_direct_channel") }
        let (x, y) = (a.description, b.description)
        let name = x < y ? "\(x)__\(y)" : "\(y)__\(x)"
        let restrict = runtime.settings.current.restrictDirectMessage == "team"
        return try await createDirectOrGroup(name: name, kind: .direct, members: a == b ? [a] : [a, b], by: caller) { s throws(ChatError) in
            if restrict && a != b && (s.teamsOf[a] ?? []).isDisjoint(with: s.teamsOf[b] ?? []) {
                throw ChatError(.forbidden, id: "api.channel.create_direct_channel.restricted.app_error",
                                "Direct messages are restricted to people who share a team.")
            }
            return ""
        }
    }

    /// `POST /channels/group`: 3–8 people including the caller (appended when missing); idempotent; the name is
    /// the lowercase hex SHA-1 of the sorted ids, the display name the sorted usernames.
    public func createGroup(_ ids: [ID], by caller: Caller) async throws(ChatError) -> ID {
        var members = Array(Set(ids + [caller.userID]))
        guard members.count >= 3 && members.count <= 8 else {
            throw ChatError(.badRequest, id: "api.channel.create_group.bad_size.app_error",
                            "A group message needs 3 to 8 people, including you.")
        }
        members.sort { $0.description < $1.description }
        let name = Self.sha1Hex(members.map(\.description).joined())
        return try await createDirectOrGroup(name: name, kind: .group, members: members, by: caller) { s throws(ChatError) in
            members.compactMap { s.users[$0]?.username }.sorted().joined(separator: ", ")
        }
    }

    private func createDirectOrGroup(name: String, kind: Channel.Kind, members: [ID], by caller: Caller,
                                     displayName: (DirectoryState) throws(ChatError) -> String) async throws(ChatError) -> ID {
        let permission: Permission = kind == .direct ? .createDirectChannel : .createGroupChannel
        guard PermissionEvaluator.has(permission, system: caller.systemRoles, team: nil, channel: nil, table: runtime.roles) else {
            throw ChatError.permission(permission.rawValue)
        }
        if let existing = try await observe({ (s: DirectoryState) throws(ChatError) -> ID? in s.channelByDirectName[name] }) {
            return existing
        }
        let id = ID.fast()
        let actor = runtime.newChannelActor(id)
        runtime.register(actor)
        let now = runtime.clock.nowMillis()
        let created: ID
        do {
            created = try await perform(with: [actor.gate], { (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            if s.channelByDirectName[name] != nil { return nil }
            for m in members where !(s.users[m]?.isActive ?? false) {
                throw ChatError(.badRequest, id: "api.channel.create_direct_channel.invalid_user.app_error",
                                "Unknown or deactivated user \(m).")
            }
            let channel = Channel(id: id, teamID: nil, kind: kind, createAt: now, name: name,
                                  displayName: try displayName(s), creatorID: caller.userID)
            return ChannelCreated(channel: channel, members: members, adminID: nil)
        }, result: { (s: DirectoryState) throws(ChatError) -> ID in s.channelByDirectName[name]! })
        } catch {
            if state.channelByDirectName[name] != id { runtime.unregister(channel: id) }
            throw error
        }
        if created != id { runtime.unregister(channel: id) }
        return created
    }

    static func sha1Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { SHA1($0.baseAddress, $0.count, &digest) }
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in digest { out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
