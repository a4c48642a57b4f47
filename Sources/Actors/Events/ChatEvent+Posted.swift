extension ChatEvent {
    /// `posted` with what clients show beside the post (notes §5.4): for a DM the sender as `@username`, for
    /// other channels their display name; `mentions` filled per recipient by the fan-out.
    static func posted(_ post: Post, mentions: [ID], label: ChannelLabel, profiles: ProfileTable) -> ChatEvent {
        let sender = profiles.username(of: post.userID)
        let facts = PostedFacts(channelKind: label.kind, channelName: label.name,
                                channelDisplayName: label.kind == .direct ? "@" + sender : label.displayName,
                                teamID: label.teamID, senderName: "@" + sender, mentions: mentions, setOnline: post.type.isEmpty)
        return ChatEvent(.posted, to: .channel(post.channelID), broadcast: .init(channelID: post.channelID), .posted(post, facts))
    }
}

extension Post {
    /// The public form of a post that is still only a seed (a system post another actor has yet to apply).
    init(seed: PostSeed, channelID: ID) {
        self.init(id: seed.id, createAt: seed.createAt, userID: seed.userID, channelID: channelID, rootID: seed.rootID,
                  message: seed.message)
        updateAt = seed.createAt
        type = seed.type.text
        props = seed.props
        hashtags = seed.hashtags
        fileIDs = seed.fileIDs
    }
}
