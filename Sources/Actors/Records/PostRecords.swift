/// A new post (or reply) with its mentions, parsed once when it was posted.
public struct PostCreated: ChatRecord {
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
