/// The events of the records the directory commits (notes §5.5).
extension DirectoryActor {
    public func events(after record: any ChatRecord) -> [ChatEvent] {
        switch record {
        case let r as UserCreated:
            return [ChatEvent(.newUser, to: .everyone, .fields([("user_id", .string(r.user.id.description))]))]
        case let r as UserUpdated:
            guard let user = state.users[r.user.id] else { return [] }
            var events = [
                ChatEvent(.userUpdated, to: .everyone, .user(user)),
                ChatEvent(.userRoleUpdated, to: .user(user.id),
                          .fields([("user_id", .string(user.id.description)), ("roles", .string(user.roles))])),
            ]
            if !user.isActive { events[events.count - 1].membership = [.signedOut(user.id)] }
            return events
        case let r as SessionsRevoked:
            return [ChatEvent(.userUpdated, to: .nobody, .fields([]), membership: [.sessionsEnded(r.tokens)])]
        case let r as PasswordChanged where !r.revokedTokens.isEmpty:
            return [ChatEvent(.userUpdated, to: .nobody, .fields([]), membership: [.sessionsEnded(r.revokedTokens)])]
        case let r as PreferencesSet:
            return [ChatEvent(.preferencesChanged, to: .user(r.userID), .preferences(userID: r.userID, r.entries))]
        case let r as PreferencesDeleted:
            return [ChatEvent(.preferencesDeleted, to: .user(r.userID), .preferences(userID: r.userID, r.keys.map { ($0, "") }))]
        case let r as StatusSet:
            let s = r.status
            return [ChatEvent(.statusChange, to: .partners(s.userID),
                              .fields([("status", .string(s.status)), ("user_id", .string(s.userID.description))]))]
        case let r as RolePatched:
            guard let role = state.roles.role(id: r.roleID) else { return [] }
            return [ChatEvent(.roleUpdated, to: .everyone, .role(role))]
        case is ConfigSet:
            return [ChatEvent(.configChanged, to: .everyone, .config)]
        case let r as ChannelCreated:
            return ChatEvent.created(r)
        case let r as TeamCreated:
            let joined: [ChatEvent.Membership] = [
                .teamJoined(r.team.id, user: r.creatorID),
                .channelJoined(r.townSquare.id, users: [r.creatorID], kind: .open, teamID: r.team.id),
                .channelJoined(r.offTopic.id, users: [r.creatorID], kind: .open, teamID: r.team.id),
            ]
            return [ChatEvent(.addedToTeam, to: .user(r.creatorID),
                              .fields([("team_id", .string(r.team.id.description)), ("user_id", .string(r.creatorID.description))]),
                              membership: joined)]
        default:
            return []
        }
    }
}
