import Actors

extension JSONWriter {
    /// Mattermost's Channel. Direct and group channels belong to no team, which Go writes as "".
    mutating func channel(_ c: Channel) {
        beginObject()
        field("id", c.id)
        field("create_at", c.createAt)
        field("update_at", c.updateAt)
        field("delete_at", c.deleteAt)
        field("team_id", c.teamID?.description ?? "")
        field("type", c.kind.rawValue)
        field("display_name", c.displayName)
        field("name", c.name)
        field("header", c.header)
        field("purpose", c.purpose)
        field("last_post_at", c.lastPostAt)
        field("total_msg_count", c.totalMsgCount)
        field("extra_update_at", c.extraUpdateAt)
        field("creator_id", c.creatorID?.description ?? "")
        // Schemes, channel props, group sync, shared channels and policies are not kept; Go writes null.
        key("scheme_id")
        null()
        key("props")
        null()
        key("group_constrained")
        null()
        key("shared")
        null()
        field("total_msg_count_root", c.totalMsgCountRoot)
        key("policy_id")
        null()
        field("last_root_post_at", c.lastRootPostAt)
        endObject()
    }
}
