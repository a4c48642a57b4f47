/// A new post (or reply) with its mentions, parsed once when it was posted.
public struct PostCreated: ChatRecord {
    public var newPosts: [(ID, ID)] { [(post.id, channelID)] }
    public static let kind: UInt16 = 30
    public var channelID: ID
    public var post: PostSeed
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, post: PostSeed) {
        self.channelID = channelID
        self.post = post
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); post.encode(into: &w) }
    public init(from r: inout ByteReader) throws(ChatError) { channelID = try r.readID(); post = try PostSeed(from: &r) }

    public func apply(to state: inout ChannelState) {
        state.addPost(post)
    }
}

/// A post's new message (and props) after an edit.
public struct PostEdited: ChatRecord {
    public static let kind: UInt16 = 31
    public var channelID: ID
    public var postID: ID
    public var message: String
    public var props: [UInt8]?
    public var at: Int64
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, postID: ID, message: String, props: [UInt8]?, at: Int64) {
        self.channelID = channelID
        self.postID = postID
        self.message = message
        self.props = props
        self.at = at
    }

    public func encode(into w: inout ByteWriter) {
        w.write(channelID); w.write(postID); w.write(message); w.write(props != nil)
        if let props { w.write(lengthPrefixed: props) }
        w.write(at)
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); postID = try r.readID(); message = try r.readString()
        props = try r.readBool() ? try r.readBytes() : nil
        at = try r.read(Int64.self)
    }

    public func apply(to state: inout ChannelState) {
        guard let slot = state.posts.slot(of: postID) else { return }
        state.posts.edit(slot, message: message, props: props, at: at)
    }
}

/// A post soft-deleted (with its replies when it is a thread root).
public struct PostDeleted: ChatRecord {
    public static let kind: UInt16 = 32
    public var channelID: ID
    public var postID: ID
    public var at: Int64
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, postID: ID, at: Int64) {
        self.channelID = channelID
        self.postID = postID
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(postID); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); postID = try r.readID(); at = try r.read(Int64.self)
    }

    public func apply(to state: inout ChannelState) {
        guard let slot = state.posts.slot(of: postID) else { return }
        state.posts.delete(slot, at: at)
    }
}

/// A post pinned to or unpinned from its channel.
public struct PostPinned: ChatRecord {
    public static let kind: UInt16 = 33
    public var channelID: ID
    public var postID: ID
    public var pinned: Bool
    public var at: Int64
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, postID: ID, pinned: Bool, at: Int64) {
        self.channelID = channelID
        self.postID = postID
        self.pinned = pinned
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(postID); w.write(pinned); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); postID = try r.readID(); pinned = try r.readBool(); at = try r.read(Int64.self)
    }

    public func apply(to state: inout ChannelState) {
        guard let slot = state.posts.slot(of: postID) else { return }
        state.posts.setPinned(slot, pinned, at: at)
    }
}

/// A reaction added (`added`) or removed.
public struct ReactionChanged: ChatRecord {
    public static let kind: UInt16 = 34
    public var channelID: ID
    public var reaction: Reaction
    public var added: Bool
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, reaction: Reaction, added: Bool) {
        self.channelID = channelID
        self.reaction = reaction
        self.added = added
    }

    public func encode(into w: inout ByteWriter) {
        w.write(channelID); w.write(reaction.userID); w.write(reaction.postID); w.write(reaction.emojiName)
        w.write(reaction.createAt); w.write(added)
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID()
        reaction = Reaction(userID: try r.readID(), postID: try r.readID(), emojiName: try r.readString(),
                            createAt: try r.read(Int64.self))
        added = try r.readBool()
    }

    public func apply(to state: inout ChannelState) {
        guard let slot = state.posts.slot(of: reaction.postID) else { return }
        state.posts.setReaction(slot, reaction, added: added)
    }
}
