import Actors

extension JSONWriter {
    /// Mattermost's ChannelMember. Clients compute unread counts from `msg_count` against the
    /// channel's `total_msg_count`, so both counters are written exactly as stored.
    mutating func channelMember(_ m: ChannelMember) {
        beginObject()
        field("channel_id", m.channelID)
        field("user_id", m.userID)
        field("roles", m.roles)
        field("last_viewed_at", m.lastViewedAt)
        field("msg_count", m.msgCount)
        field("mention_count", m.mentionCount)
        field("mention_count_root", m.mentionCountRoot)
        field("urgent_mention_count", m.urgentMentionCount)
        field("msg_count_root", m.msgCountRoot)
        key("notify_props")
        stringMap(m.notifyProps)
        field("last_update_at", m.lastUpdateAt)
        field("scheme_guest", false)
        field("scheme_user", true)
        field("scheme_admin", m.schemeAdmin)
        field("explicit_roles", "")
        endObject()
    }
}
