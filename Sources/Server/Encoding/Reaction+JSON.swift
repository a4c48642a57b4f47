import Actors

extension JSONWriter {
    /// Mattermost's Reaction. Reactions are never edited and deleted ones are not kept, so
    /// `update_at` equals `create_at` and `delete_at` is 0. The channel id is not stored per reaction.
    mutating func reaction(_ r: Reaction, channelID: ID) {
        beginObject()
        field("user_id", r.userID)
        field("post_id", r.postID)
        field("emoji_name", r.emojiName)
        field("create_at", r.createAt)
        field("update_at", r.createAt)
        field("delete_at", 0)
        field("remote_id", "")
        field("channel_id", channelID)
        endObject()
    }
}
