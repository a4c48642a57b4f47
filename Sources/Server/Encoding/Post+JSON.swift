import Actors

extension JSONWriter {
    /// Mattermost's Post. `props` is spliced from the JSON text stored with the post, which Server
    /// validated on the way in. The webapp and mobile read reactions from `metadata.reactions`, so
    /// they are written there; `pending_post_id` echoes what the author sent so clients can swap their
    /// optimistic copy for this one.
    mutating func post(_ p: Post) {
        beginObject()
        field("id", p.id)
        field("create_at", p.createAt)
        field("update_at", p.updateAt)
        field("edit_at", p.editAt)
        field("delete_at", p.deleteAt)
        field("is_pinned", p.isPinned)
        field("user_id", p.userID)
        field("channel_id", p.channelID)
        field("root_id", p.rootID?.description ?? "")
        field("original_id", "")
        field("message", p.message)
        field("type", p.type)
        key("props")
        raw(p.props.isEmpty ? Post.emptyProps : p.props)
        field("hashtags", p.hashtags)
        key("file_ids")
        beginArray()
        for fileID in p.fileIDs { id(fileID) }
        endArray()
        field("pending_post_id", p.pendingPostID)
        // Go omits has_reactions while it is false.
        if !p.reactions.isEmpty { field("has_reactions", true) }
        field("reply_count", p.replyCount)
        field("last_reply_at", p.lastReplyAt)
        key("participants")
        null()
        key("metadata")
        postMetadata(p)
        endObject()
    }

    /// Embeds, emojis, files and images are not computed here, so they are empty but present:
    /// clients index into them without checking.
    private mutating func postMetadata(_ p: Post) {
        beginObject()
        key("embeds")
        beginArray()
        endArray()
        key("emojis")
        beginArray()
        endArray()
        key("files")
        beginArray()
        endArray()
        key("images")
        beginObject()
        endObject()
        if !p.reactions.isEmpty {
            key("reactions")
            beginArray()
            for r in p.reactions { reaction(r, channelID: p.channelID) }
            endArray()
        }
        endObject()
    }
}
