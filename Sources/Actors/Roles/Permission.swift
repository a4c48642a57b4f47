/// Every permission id Parley knows, spelled as Mattermost's API spells it (API-NOTES §3). Roles store their
/// permissions as these raw strings because that is what `GET /roles` returns and `PUT /roles/{id}/patch`
/// accepts; the enum exists so that every check in the code names a permission that really exists.
public enum Permission: String, Sendable, CaseIterable {
    // System scope: what `system_user` and `system_guest` hold, and what only `system_admin` holds.
    case listPublicTeams = "list_public_teams"
    case joinPublicTeams = "join_public_teams"
    case listPrivateTeams = "list_private_teams"
    case joinPrivateTeams = "join_private_teams"
    case createTeam = "create_team"
    case createDirectChannel = "create_direct_channel"
    case createGroupChannel = "create_group_channel"
    case viewMembers = "view_members"
    case createCustomGroup = "create_custom_group"
    case editCustomGroup = "edit_custom_group"
    case deleteCustomGroup = "delete_custom_group"
    case restoreCustomGroup = "restore_custom_group"
    case manageCustomGroupMembers = "manage_custom_group_members"
    case manageSystem = "manage_system"
    case manageRoles = "manage_roles"
    case assignSystemAdminRole = "assign_system_admin_role"
    case editOtherUsers = "edit_other_users"
    case editOthersPosts = "edit_others_posts"
    case readPrivateChannel = "read_private_channel"

    // Team scope: `team_user` and `team_admin`.
    case listTeamChannels = "list_team_channels"
    case joinPublicChannels = "join_public_channels"
    case readPublicChannel = "read_public_channel"
    case viewTeam = "view_team"
    case createPublicChannel = "create_public_channel"
    case createPrivateChannel = "create_private_channel"
    case inviteUser = "invite_user"
    case addUserToTeam = "add_user_to_team"
    case removeUserFromTeam = "remove_user_from_team"
    case manageTeam = "manage_team"
    case importTeam = "import_team"
    case manageTeamRoles = "manage_team_roles"
    case manageChannelRoles = "manage_channel_roles"
    case manageIncomingWebhooks = "manage_incoming_webhooks"
    case manageOutgoingWebhooks = "manage_outgoing_webhooks"
    case manageOthersIncomingWebhooks = "manage_others_incoming_webhooks"
    case manageOthersOutgoingWebhooks = "manage_others_outgoing_webhooks"
    case manageSlashCommands = "manage_slash_commands"
    case manageOthersSlashCommands = "manage_others_slash_commands"
    case convertPublicChannelToPrivate = "convert_public_channel_to_private"
    case convertPrivateChannelToPublic = "convert_private_channel_to_public"
    case deleteOthersPosts = "delete_others_posts"

    // Channel scope: `channel_user` and `channel_admin`.
    case readChannel = "read_channel"
    case addReaction = "add_reaction"
    case removeReaction = "remove_reaction"
    case managePublicChannelMembers = "manage_public_channel_members"
    case managePrivateChannelMembers = "manage_private_channel_members"
    case uploadFile = "upload_file"
    case getPublicLink = "get_public_link"
    case createPost = "create_post"
    case editPost = "edit_post"
    case deletePost = "delete_post"
    case useChannelMentions = "use_channel_mentions"
    case useGroupMentions = "use_group_mentions"
    case useSlashCommands = "use_slash_commands"
    case managePublicChannelProperties = "manage_public_channel_properties"
    case managePrivateChannelProperties = "manage_private_channel_properties"
    case deletePublicChannel = "delete_public_channel"
    case deletePrivateChannel = "delete_private_channel"

    /// Parley's own id. Mattermost folds removing others into `manage_*_channel_members`, which every member
    /// holds; the guide says only the channel admin, a team admin or a system admin may remove OTHER members,
    /// so that right needs an id of its own that plain members do not get.
    case removeOthersFromChannel = "remove_others_from_channel"

    /// The raw ids, for validating a role patch without building the enum for every string.
    static let knownIDs: Set<String> = Set(allCases.map(\.rawValue))
}
