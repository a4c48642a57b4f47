import Snapshot

/// Channel membership: join, add, leave, remove, roles, viewing. Every rule goes through `ChannelPolicy`.
extension ChannelActor {
    /// Refuses `action` for `caller` with the policy's error; `caller.teamRoles` must be filled for team channels.
    nonisolated func check(_ action: ChannelAction, _ s: ChannelState, _ caller: Caller, roles: RoleTable) throws(ChatError) {
        guard let channel = s.channel else { throw ChatError.missing("channel") }
        if let error = ChannelPolicy.check(action, kind: channel.kind, isArchived: channel.isArchived,
                                           isTownSquare: channel.name == Channel.townSquare, isMember: s.isMember(caller.userID),
                                           system: caller.systemRoles, team: caller.teamRoles,
                                           channel: s.members[caller.userID]?.roleList, table: roles) {
            throw error
        }
    }

    /// Joining yourself (`user == caller`) or adding someone else who is already in the team (`userInTeam`).
    public func add(_ userID: ID, username: String, userInTeam: Bool, by caller: Caller, callerName: String)
        async throws(ChatError) -> ChannelMember
    {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        let joining = userID == caller.userID
        return try await perform(with: [runtime.directoryGate], { (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            try check(joining ? .join : .addMember, s, caller, roles: roles)
            if s.isMember(userID) { return nil }
            guard userInTeam || s.channel?.teamID == nil else {
                throw ChatError(.badRequest, id: "api.channel.add_user.to.channel.failed.deleted.app_error",
                                "The user is not a member of the channel's team.")
            }
            let post = joining
                ? SystemPost.make(.joinChannel, by: userID, at: now, message: "\(username) joined the channel.",
                                  props: [("username", username)])
                : SystemPost.make(.addToChannel, by: caller.userID, at: now,
                                  message: "\(username) added to the channel by \(callerName).",
                                  props: [("userId", caller.userID.description), ("username", callerName),
                                          ("addedUserId", userID.description), ("addedUsername", username)])
            return ChannelJoined(channelID: id, userID: userID, at: now, systemPost: post)
        }, result: { (s: ChannelState) throws(ChatError) -> ChannelMember in s.members[userID]! })
    }

    /// Leaving (`user == caller`) or removing someone else (channel admin, team admin or system admin).
    public func remove(_ userID: ID, username: String, by caller: Caller, callerName: String) async throws(ChatError) {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        let leaving = userID == caller.userID
        try await perform(with: [runtime.directoryGate], { (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            try check(leaving ? .removeSelf : .removeOther, s, caller, roles: roles)
            guard s.isMember(userID) else { throw ChatError.missing("channel member") }
            let post = leaving
                ? SystemPost.make(.leaveChannel, by: userID, at: now, message: "\(username) left the channel.",
                                  props: [("username", username)])
                : SystemPost.make(.removeFromChannel, by: caller.userID, at: now,
                                  message: "\(username) removed from the channel.",
                                  props: [("removedUserId", userID.description), ("removedUsername", username)])
            return ChannelLeft(channelID: id, userID: userID, at: now, systemPost: post)
        }, result: { _ throws(ChatError) in () })
    }

    /// Grant or revoke channel admin (`schemeRoles`).
    public func setAdmin(_ userID: ID, _ admin: Bool, by caller: Caller) async throws(ChatError) -> ChannelMember {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            try check(.manageRoles, s, caller, roles: roles)
            guard s.isMember(userID) else { throw ChatError.missing("channel member") }
            return ChannelMemberRolesSet(channelID: id, userID: userID, schemeAdmin: admin, at: now)
        }, result: { (s: ChannelState) throws(ChatError) -> ChannelMember in s.members[userID]! })
    }

    /// `POST /channels/members/{uid}/view`: everything counts as read for the member.
    public func view(by userID: ID) async throws(ChatError) -> Int64 {
        let now = runtime.clock.nowMillis()
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            guard s.isMember(userID) else { throw ChatError.missing("channel member") }
            return ChannelViewed(channelID: id, userID: userID, at: now)
        }, result: { (s: ChannelState) throws(ChatError) -> Int64 in s.members[userID]?.lastViewedAt ?? now })
    }
}
