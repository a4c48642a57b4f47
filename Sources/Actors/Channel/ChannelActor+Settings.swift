import Snapshot

/// The channel fields `PUT /channels/{id}/patch` may change; nil leaves a field as it is.
public struct ChannelPatch: Sendable {
    public var name: String?
    public var displayName: String?
    public var header: String?
    public var purpose: String?

    public init() {}
}

/// Rename, header and purpose changes, and archiving, each with its system post.
extension ChannelActor {
    public func patch(_ patch: ChannelPatch, by caller: Caller, callerName: String) async throws(ChatError) -> Channel {
        let name = patch.name?.lowercased()
        if let name, let e = NameRules.channelName(name) { throw e }
        if let v = patch.displayName, let e = NameRules.displayName(v) { throw e }
        if let v = patch.header, let e = NameRules.header(v) { throw e }
        if let v = patch.purpose, let e = NameRules.purpose(v) { throw e }
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        let decide = { (s: ChannelState) throws(ChatError) -> ChannelPatched in
            guard let channel = s.channel else { throw ChatError.missing("channel") }
            let changesName = name != nil && name != channel.name
            let changesDisplay = patch.displayName != nil && patch.displayName != channel.displayName
            if changesName || changesDisplay || patch.purpose != nil { try self.check(.rename, s, caller, roles: roles) }
            if patch.header != nil { try self.check(.setHeader, s, caller, roles: roles) }
            if changesName, channel.isDirectOrGroup || channel.name == Channel.townSquare {
                throw ChatError(.badRequest, id: "api.channel.update_channel.tried.app_error", "This channel's name cannot be changed.")
            }
            var posts: [PostSeed] = []
            if let v = patch.displayName, v != channel.displayName {
                posts.append(SystemPost.make(.displayNameChange, by: caller.userID, at: now,
                    message: "\(callerName) updated the channel display name from: \(channel.displayName) to: \(v)",
                    props: [("old_displayname", channel.displayName), ("new_displayname", v), ("username", callerName)]))
            }
            if let v = patch.header, v != channel.header {
                posts.append(SystemPost.make(.headerChange, by: caller.userID, at: now + 1,
                    message: "\(callerName) updated the channel header to: \(v)",
                    props: [("old_header", channel.header), ("new_header", v), ("username", callerName)]))
            }
            if let v = patch.purpose, v != channel.purpose {
                posts.append(SystemPost.make(.purposeChange, by: caller.userID, at: now + 2,
                    message: "\(callerName) updated the channel purpose to: \(v)",
                    props: [("old_purpose", channel.purpose), ("new_purpose", v), ("username", callerName)]))
            }
            return ChannelPatched(channelID: self.id, teamID: channel.teamID, oldName: channel.name,
                                  name: changesName ? name : nil, displayName: patch.displayName?.trimmingSpaces,
                                  header: patch.header, purpose: patch.purpose, at: now, systemPosts: posts)
        }
        // A new URL name must be unique in the team, which only the team actor can decide without a race: the
        // record is built here and the team commits it, holding this channel's gate.
        let current = settled().channel
        if let name, name != current?.name, let teamID = current?.teamID, let team = runtime.team(teamID) {
            let (record, patched) = try await observe { (s: ChannelState) throws(ChatError) -> (ChannelPatched, Channel) in
                let record = try decide(s)
                var after = s
                record.apply(to: &after)
                return (record, after.channel!)
            }
            try await team.commitRename(record, channelGate: gate, patched: patched)
            return try await observe { (s: ChannelState) throws(ChatError) -> Channel in s.channel! }
        }
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in try decide(s) },
                                 result: { (s: ChannelState) throws(ChatError) -> Channel in s.channel! })
    }

    /// `DELETE /channels/{id}`: archived, history kept read-only; the name stays taken in the team.
    public func archive(by caller: Caller, callerName: String) async throws(ChatError) -> Channel {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            guard let channel = s.channel else { throw ChatError.missing("channel") }
            if channel.isArchived { return nil }
            try check(.archive, s, caller, roles: roles)
            let post = SystemPost.make(.channelDeleted, by: caller.userID, at: now,
                                       message: "\(callerName) archived the channel", props: [("username", callerName)])
            return ChannelArchived(channelID: id, at: now, systemPost: post)
        }, result: { (s: ChannelState) throws(ChatError) -> Channel in s.channel! })
    }

    /// Un-archives a team channel: team admins (`manage_team`) and system admins, as Mattermost.
    public func restore(by caller: Caller) async throws(ChatError) -> Channel {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            guard let channel = s.channel else { throw ChatError.missing("channel") }
            guard PermissionEvaluator.has(.manageTeam, system: caller.systemRoles, team: caller.teamRoles, channel: nil,
                                          table: roles) else {
                throw ChatError(.forbidden, id: "api.context.permissions.app_error",
                                "You do not have the appropriate permissions (manage_team).")
            }
            guard !channel.isDirectOrGroup else { throw ChatError.invalidParam("channel_id") }
            if !channel.isArchived { return nil }
            return ChannelRestored(channelID: id, at: now)
        }, result: { (s: ChannelState) throws(ChatError) -> Channel in s.channel! })
    }
}
