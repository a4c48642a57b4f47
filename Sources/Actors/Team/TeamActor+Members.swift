import Snapshot

/// How someone comes to join a team.
public enum JoinRoute: Sendable {
    case openTeam          // self-join of a team that allows open invites
    case inviteID(ID)      // the team's invite link
    case addedBy(Caller)   // someone with add_user_to_team adds them
    case creatorOrAdmin    // a system admin acting
}

/// Membership of a team: join (with the default channels and the system post in town-square, one record), leave
/// (and every channel of the team), roles.
extension TeamActor {
    public func join(_ userID: ID, username: String, route: JoinRoute, adderName: String = "") async throws(ChatError) -> TeamMember {
        let now = runtime.clock.nowMillis()
        let settings = runtime.settings.current
        let roles = runtime.roles
        let gates = [runtime.directoryGate] + defaultChannelGates()
        return try await perform(with: gates, { (s: TeamState) throws(ChatError) -> (any ChatRecord)? in
            guard let team = s.team, team.deleteAt == 0 else { throw ChatError.missing("team") }
            if s.activeMember(userID) != nil { return nil }
            switch route {
            case .openTeam:
                guard team.allowOpenInvite else {
                    throw ChatError(.forbidden, id: "api.team.add_user_to_team.invite_only.app_error",
                                    "This team is invite-only; ask a team member for an invitation.")
                }
            case .inviteID(let invite):
                guard invite == team.inviteID else {
                    throw ChatError(.badRequest, id: "app.team.invite_id.group_constrained.error", "The invite link is not valid.")
                }
            case .addedBy(let adder):
                let teamRoles = s.activeMember(adder.userID)?.roleList
                guard PermissionEvaluator.has(.addUserToTeam, system: adder.systemRoles, team: teamRoles, channel: nil,
                                              table: roles) else { throw ChatError.permission("add_user_to_team") }
            case .creatorOrAdmin:
                break
            }
            guard s.activeMemberCount < settings.maxUsersPerTeam else {
                throw ChatError(.badRequest, id: "app.team.join_user_to_team.max_accounts.app_error",
                                "This team has reached the maximum number of allowed accounts.")
            }
            let added: Bool
            if case .addedBy(let adder) = route, adder.userID != userID { added = true } else { added = false }
            let post = added
                ? SystemPost.make(.addToTeam, by: userID, at: now, message: "\(username) added to the team by \(adderName).",
                                  props: [("username", adderName), ("addedUsername", username)])
                : SystemPost.make(.joinTeam, by: userID, at: now, message: "\(username) joined the team.",
                                  props: [("username", username)])
            return TeamJoined(teamID: id, userID: userID, at: now, channels: [s.townSquareID, s.offTopicID],
                              systemPost: post, postChannelID: s.townSquareID)
        }, result: { (s: TeamState) throws(ChatError) -> TeamMember in s.members[userID]! })
    }

    /// Leaving (self) or removal by someone with remove_user_from_team: the user also leaves every channel of the
    /// team, in the same record.
    public func leave(_ userID: ID, username: String, by caller: Caller) async throws(ChatError) {
        // The gates are chosen from the channels known now; a channel created before the gates are held would be
        // missed, so the operation starts again with the new set (a few times at most).
        for attempt in 1...Self.gateAttemptsMax {
            do {
                return try await leaveOnce(userID, username: username, by: caller)
            } catch where error.id == Self.staleGates.id && attempt < Self.gateAttemptsMax {
                continue
            }
        }
    }

    static let gateAttemptsMax = 5
    static let staleGates = ChatError(.unavailable, id: "parley.team.channels_changed",
                                      "The team's channels changed during the operation; try again.")

    private func leaveOnce(_ userID: ID, username: String, by caller: Caller) async throws(ChatError) {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        let channelIDs = settled().channelsByName.values.sorted()
        let gates = [runtime.directoryGate] + channelIDs.compactMap { runtime.channel($0)?.gate }
        try await perform(with: gates, { (s: TeamState) throws(ChatError) -> (any ChatRecord)? in
            guard s.team != nil else { throw ChatError.missing("team") }
            guard s.channelsByName.values.sorted() == channelIDs else { throw Self.staleGates }
            guard s.activeMember(userID) != nil else { throw ChatError.missing("team member") }
            if caller.userID != userID {
                let teamRoles = s.activeMember(caller.userID)?.roleList
                guard PermissionEvaluator.has(.removeUserFromTeam, system: caller.systemRoles, team: teamRoles, channel: nil,
                                              table: roles) else { throw ChatError.permission("remove_user_from_team") }
            }
            let removed = caller.userID != userID
            let post = SystemPost.make(removed ? .removeFromTeam : .leaveTeam, by: userID, at: now,
                                       message: removed ? "\(username) was removed from the team." : "\(username) left the team.",
                                       props: [("username", username)])
            return TeamLeft(teamID: id, userID: userID, at: now, channels: channelIDs, systemPost: post,
                            postChannelID: s.townSquareID)
        }, result: { _ throws(ChatError) in () })
    }

    /// `PUT /teams/{id}/members/{uid}/roles` or `schemeRoles`: grant or revoke team admin (manage_team_roles).
    public func setAdmin(_ userID: ID, _ admin: Bool, by caller: Caller) async throws(ChatError) -> TeamMember {
        let roles = runtime.roles
        return try await perform({ (s: TeamState) throws(ChatError) -> (any ChatRecord)? in
            guard s.activeMember(userID) != nil else { throw ChatError.missing("team member") }
            guard PermissionEvaluator.has(.manageTeamRoles, system: caller.systemRoles,
                                          team: s.activeMember(caller.userID)?.roleList, channel: nil, table: roles) else {
                throw ChatError.permission("manage_team_roles")
            }
            return TeamMemberRolesSet(teamID: id, userID: userID, schemeAdmin: admin)
        }, result: { (s: TeamState) throws(ChatError) -> TeamMember in s.members[userID]! })
    }

    func defaultChannelGates() -> [ActorGate] {
        let s = settled()
        return [s.townSquareID, s.offTopicID].compactMap { runtime.channel($0)?.gate }
    }
}
