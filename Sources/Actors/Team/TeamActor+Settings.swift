import Snapshot

/// The team's fields that `PUT /teams/{id}/patch` may change; nil leaves a field as it is.
public struct TeamPatch: Sendable {
    public var displayName: String?
    public var description: String?
    public var companyName: String?
    public var allowedDomains: String?
    public var allowOpenInvite: Bool?

    public init() {}
}

/// Team settings (rename, invite code, open invite) and the creation of public and private channels.
extension TeamActor {
    public func patch(_ patch: TeamPatch, by caller: Caller) async throws(ChatError) -> Team {
        if let v = patch.displayName, let e = NameRules.teamDisplayName(v) { throw e }
        if let v = patch.description, let e = NameRules.teamDescription(v) { throw e }
        let now = runtime.clock.nowMillis()
        return try await changeTeam(by: caller) { team in
            if let v = patch.displayName { team.displayName = v.trimmingSpaces }
            if let v = patch.description { team.description = v }
            if let v = patch.companyName { team.companyName = String(v.prefix(64)) }
            if let v = patch.allowedDomains { team.allowedDomains = String(v.prefix(500)) }
            if let v = patch.allowOpenInvite { team.allowOpenInvite = v }
            team.updateAt = now
        }
    }

    /// A new invite id: the old invite link stops working at once.
    public func regenerateInvite(by caller: Caller) async throws(ChatError) -> Team {
        let now = runtime.clock.nowMillis()
        let invite = ID.random()
        return try await changeTeam(by: caller) { team in
            team.inviteID = invite
            team.updateAt = now
        }
    }

    private func changeTeam(by caller: Caller, _ change: @Sendable (inout Team) -> Void) async throws(ChatError) -> Team {
        let roles = runtime.roles
        return try await perform(with: [runtime.directoryGate], { (s: TeamState) throws(ChatError) -> (any ChatRecord)? in
            guard var team = s.team, team.deleteAt == 0 else { throw ChatError.missing("team") }
            guard PermissionEvaluator.has(.manageTeam, system: caller.systemRoles, team: s.activeMember(caller.userID)?.roleList,
                                          channel: nil, table: roles) else { throw ChatError.permission("manage_team") }
            change(&team)
            return TeamPatched(team: team)
        }, result: { (s: TeamState) throws(ChatError) -> Team in s.team! })
    }

    /// Commits a channel's URL-name change built by the channel actor, if the name is still free in the team.
    func commitRename(_ record: ChannelPatched, channelGate: ActorGate, patched: Channel) async throws(ChatError) {
        try await perform(with: [channelGate], { (s: TeamState) throws(ChatError) -> (any ChatRecord)? in
            if let name = record.name, let holder = s.channelsByName[name], holder != record.channelID {
                throw ChatError(.badRequest, id: "store.sql_channel.update.exists.app_error",
                                "A channel with that name already exists on the same team.")
            }
            renamed = patched
            return record
        }, result: { _ throws(ChatError) in () })
    }

    /// `POST /channels` for O and P: the name is unique in the team (archived names stay taken); the creator
    /// joins as channel admin. One record for the directory, the team and the new channel.
    public func createChannel(name rawName: String, displayName: String, kind: Channel.Kind, purpose: String,
                              header: String, by caller: Caller) async throws(ChatError) -> ID {
        guard kind == .open || kind == .privateChannel else {
            throw ChatError(.badRequest, id: "api.channel.create_channel.invalid_type.app_error", "The type must be O or P.")
        }
        let name = rawName.lowercased()
        if let e = NameRules.channelName(name) ?? NameRules.displayName(displayName) ?? NameRules.purpose(purpose)
            ?? NameRules.header(header) { throw e }
        let roles = runtime.roles
        let settings = runtime.settings.current
        let now = runtime.clock.nowMillis()
        let channelID = ID.fast()
        let actor = runtime.newChannelActor(channelID)
        runtime.register(actor)
        do {
            try await perform(with: [runtime.directoryGate, actor.gate], { (s: TeamState) throws(ChatError) -> (any ChatRecord)? in
                guard s.team?.deleteAt == 0 else { throw ChatError.missing("team") }
                let permission: Permission = kind == .open ? .createPublicChannel : .createPrivateChannel
                guard PermissionEvaluator.has(permission, system: caller.systemRoles, team: s.activeMember(caller.userID)?.roleList,
                                              channel: nil, table: roles) else { throw ChatError.permission(permission.rawValue) }
                guard s.channelsByName[name] == nil else {
                    throw ChatError(.badRequest, id: "store.sql_channel.save_channel.exists.app_error",
                                    "A channel with that name already exists on the same team.")
                }
                guard s.channelsByName.count < settings.maxChannelsPerTeam else {
                    throw ChatError(.badRequest, id: "api.channel.create_channel.max_channel_limit.app_error",
                                    "This team has reached the maximum number of channels.")
                }
                var channel = Channel(id: channelID, teamID: id, kind: kind, createAt: now, name: name,
                                      displayName: displayName.trimmingSpaces, creatorID: caller.userID)
                channel.purpose = purpose
                channel.header = header
                return ChannelCreated(channel: channel, members: [caller.userID], adminID: caller.userID)
            }, result: { _ throws(ChatError) in () })
        } catch {
            if state.channelsByName[name] != channelID { runtime.unregister(channel: channelID) }
            throw error
        }
        return channelID
    }
}
