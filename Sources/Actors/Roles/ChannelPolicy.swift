/// The decision for every channel action, in one place (DESIGN §3: one permission check per resource).
///
/// The checks run in a fixed order, and the order decides which error a caller sees when several rules
/// refuse at once: first whether the caller may see the channel at all (so nothing about a private channel
/// leaks to outsiders), then whether it is archived, then the structural rules of direct/group channels and
/// of town-square, and last the permission the action needs, asked of `PermissionEvaluator`.
public enum ChannelPolicy {
    /// Returns nil when the action is allowed, or the error to answer with.
    ///
    /// `team` is the caller's team member roles, nil when the caller is not in the channel's team; `channel`
    /// is the caller's channel member roles. Channel roles count only when `isMember` is true, and team roles
    /// never count in direct or group channels, which belong to no team.
    public static func check(_ action: ChannelAction, kind: Channel.Kind, isArchived: Bool, isTownSquare: Bool,
                             isMember: Bool, system: [String], team: [String]?, channel: [String]?,
                             table: RoleTable) -> ChatError? {
        let standing = Standing(system: system, team: isDirectOrGroup(kind) ? nil : team,
                                channel: isMember ? channel : nil, isMember: isMember, table: table)
        if let refusal = visibility(kind: kind, standing: standing) { return refusal }
        if isArchived, !action.allowedWhenArchived { return archived }
        if isDirectOrGroup(kind), action.refusedInDirectOrGroup { return directOrGroupRefusal(action) }
        if isTownSquare, let refusal = townSquareRefusal(action) { return refusal }
        return permissionRefusal(action, kind: kind, standing: standing)
    }

    // MARK: Errors

    static let archived = ChatError(.forbidden, id: "api.channel.archived.app_error",
                                    "The channel is archived; it can only be read.")
    static let notVisible = ChatError.permission("read_channel")
    static let notMember = ChatError.permission("channel membership")
    static let notTeamMember = ChatError.permission("team membership")

    // MARK: The steps

    /// The caller's roles as they count for this channel, so the steps below take one argument.
    struct Standing {
        var system: [String]
        var team: [String]?
        var channel: [String]?
        var isMember: Bool
        var table: RoleTable

        var isSystemAdmin: Bool { PermissionEvaluator.isSystemAdmin(system) }

        func has(_ permission: Permission) -> Bool {
            PermissionEvaluator.has(permission, system: system, team: team, channel: channel, table: table)
        }
    }

    static func isDirectOrGroup(_ kind: Channel.Kind) -> Bool {
        switch kind {
        case .direct, .group: return true
        case .open, .privateChannel: return false
        }
    }

    /// Who may see the channel at all. Members always; a public channel also its team's members; a private
    /// channel also system admins (the guide: admins may open private channels by their link); a direct or
    /// group channel nobody else, not even a system admin.
    static func visibility(kind: Channel.Kind, standing: Standing) -> ChatError? {
        if standing.isMember { return nil }
        switch kind {
        case .open:
            return standing.team != nil || standing.isSystemAdmin ? nil : notVisible
        case .privateChannel:
            return standing.isSystemAdmin ? nil : notVisible
        case .direct, .group:
            return notVisible
        }
    }

    static func directOrGroupRefusal(_ action: ChannelAction) -> ChatError {
        switch action {
        case .join, .addMember:
            return ChatError(.badRequest, id: "api.channel.add_user_to_channel.type.app_error",
                             "Members cannot be added to a direct or group message.")
        case .removeSelf, .removeOther:
            return ChatError(.badRequest, id: "api.channel.remove_user_from_channel.type.app_error",
                             "Members cannot leave or be removed from a direct or group message.")
        case .rename:
            return ChatError(.badRequest, id: "api.channel.patch_update_channel.forbidden.app_error",
                             "A direct or group message cannot be renamed; only its header may change.")
        case .archive:
            return ChatError(.badRequest, id: "api.channel.delete_channel.type.invalid",
                             "A direct or group message cannot be archived.")
        case .read, .post, .editOwnPost, .editOthersPost, .deleteOwnPost, .deleteOthersPost, .react, .pin,
             .setHeader, .manageRoles, .viewMembers:
            preconditionFailure("directOrGroupRefusal asked about \(action), which D/G channels allow")
        }
    }

    /// Town-square is every team member's channel: nobody leaves it or is removed from it (they leave the
    /// team instead), and it keeps its URL name and is never archived. Its display name and header may change.
    static func townSquareRefusal(_ action: ChannelAction) -> ChatError? {
        switch action {
        case .removeSelf, .removeOther:
            return ChatError(.badRequest, id: "api.channel.remove.default.app_error",
                             "Nobody can leave or be removed from the town-square channel.")
        case .rename:
            return ChatError(.badRequest, id: "api.channel.update_channel.tried.app_error",
                             "The town-square channel's name cannot change.")
        case .archive:
            return ChatError(.badRequest, id: "api.channel.delete_channel.cannot.app_error",
                             "The town-square channel cannot be archived.")
        case .read, .post, .editOwnPost, .editOthersPost, .deleteOwnPost, .deleteOthersPost, .react, .pin,
             .join, .addMember, .setHeader, .manageRoles, .viewMembers:
            return nil
        }
    }

    /// The permission (and, for some actions, the membership) each action needs.
    static func permissionRefusal(_ action: ChannelAction, kind: Channel.Kind, standing: Standing) -> ChatError? {
        let isPublic = kind == .open
        switch action {
        case .read, .viewMembers:
            // Members read by channel_user; others by the scope that let them see the channel.
            let outsider: Permission = isPublic ? .readPublicChannel : .readPrivateChannel
            return require(standing.isMember ? .readChannel : outsider, standing)
        case .post, .pin:
            // The guide: any member can pin, so pinning needs what posting needs.
            return standing.isMember ? require(.createPost, standing) : notMember
        case .react:
            return standing.isMember ? require(.addReaction, standing) : notMember
        case .editOwnPost:
            return require(.editPost, standing)
        case .deleteOwnPost:
            return require(.deletePost, standing)
        case .editOthersPost:
            return require(.editOthersPosts, standing)
        case .deleteOthersPost:
            return require(.deleteOthersPosts, standing)
        case .join:
            return joinRefusal(isPublic: isPublic, standing: standing)
        case .addMember:
            guard standing.isMember || standing.isSystemAdmin else { return notMember }
            return require(isPublic ? .managePublicChannelMembers : .managePrivateChannelMembers, standing)
        case .removeSelf:
            // The guide: anyone may leave a channel they are in, whatever their roles.
            return standing.isMember ? nil : notMember
        case .removeOther:
            return require(.removeOthersFromChannel, standing)
        case .rename:
            return require(isPublic ? .managePublicChannelProperties : .managePrivateChannelProperties, standing)
        case .setHeader:
            return headerRefusal(kind: kind, standing: standing)
        case .archive:
            return require(isPublic ? .deletePublicChannel : .deletePrivateChannel, standing)
        case .manageRoles:
            return require(.manageChannelRoles, standing)
        }
    }

    /// Joining needs the team: a channel member who is not in the channel's team is a state nothing else
    /// expects. A member joining again is a no-op Mattermost answers with the existing membership. A
    /// non-member joining a private channel is adding themselves, which only system-level grants allow,
    /// because a non-member has no channel roles.
    static func joinRefusal(isPublic: Bool, standing: Standing) -> ChatError? {
        guard standing.team != nil else { return notTeamMember }
        if standing.isMember { return nil }
        return require(isPublic ? .joinPublicChannels : .managePrivateChannelMembers, standing)
    }

    /// The header of a direct or group message belongs to the people in it: any of them may set it, and
    /// the channel-scheme property permissions (which govern team channels) do not apply.
    static func headerRefusal(kind: Channel.Kind, standing: Standing) -> ChatError? {
        switch kind {
        case .open:
            return require(.managePublicChannelProperties, standing)
        case .privateChannel:
            return require(.managePrivateChannelProperties, standing)
        case .direct, .group:
            return standing.isMember ? nil : notMember
        }
    }

    static func require(_ permission: Permission, _ standing: Standing) -> ChatError? {
        standing.has(permission) ? nil : ChatError.permission(permission.rawValue)
    }
}
