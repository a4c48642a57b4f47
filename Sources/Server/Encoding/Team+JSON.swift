import Actors

extension JSONWriter {
    /// Mattermost's Team. `sanitized` is for viewers without `manage_team`, who must not learn the
    /// contact email or the invite id (which would let them invite others).
    mutating func team(_ t: Team, sanitized: Bool) {
        beginObject()
        field("id", t.id)
        field("create_at", t.createAt)
        field("update_at", t.updateAt)
        field("delete_at", t.deleteAt)
        field("display_name", t.displayName)
        field("name", t.name)
        field("description", t.description)
        field("email", sanitized ? "" : t.email)
        field("type", t.type)
        field("company_name", t.companyName)
        field("allowed_domains", t.allowedDomains)
        field("invite_id", sanitized ? "" : t.inviteID.description)
        field("allow_open_invite", t.allowOpenInvite)
        // Schemes, group sync and data retention policies do not exist here; Go writes null for them.
        key("scheme_id")
        null()
        key("group_constrained")
        null()
        key("policy_id")
        null()
        // Go omits the icon time while it is zero, and clients treat a missing one as "no icon".
        if t.lastTeamIconUpdate != 0 { field("last_team_icon_update", t.lastTeamIconUpdate) }
        field("cloud_limits_archived", false)
        endObject()
    }
}
