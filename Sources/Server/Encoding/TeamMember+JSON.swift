import Actors

extension JSONWriter {
    /// Mattermost's TeamMember. There are no guests, so every member is a scheme user.
    mutating func teamMember(_ m: TeamMember) {
        beginObject()
        field("team_id", m.teamID)
        field("user_id", m.userID)
        field("roles", m.roles)
        field("delete_at", m.deleteAt)
        field("scheme_guest", false)
        field("scheme_user", true)
        field("scheme_admin", m.schemeAdmin)
        field("explicit_roles", m.explicitRoles)
        endObject()
    }
}
