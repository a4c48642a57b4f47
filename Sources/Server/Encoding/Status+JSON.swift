import Actors

extension JSONWriter {
    /// Mattermost's Status. `dnd_end_time` is in seconds, unlike every other time; `active_channel`
    /// is internal to Mattermost and left out.
    mutating func status(_ s: Status) {
        beginObject()
        field("user_id", s.userID)
        field("status", s.status)
        field("manual", s.manual)
        field("last_activity_at", s.lastActivityAt)
        field("dnd_end_time", s.dndEndTime)
        endObject()
    }
}
