/// A channel's posts, stored compactly for the 10M-posts-in-memory goal: one 80-byte entry per post (binary ids,
/// timestamps, an index into the message arena), message bytes appended to one arena, and side tables for what
/// most posts lack (props, files, hashtags, mentions, replies, reactions). Entries are in creation order, which is
/// also `create_at` order because a channel actor stamps its posts with a strictly increasing clock.
public struct PostStore: Sendable {
    struct Entry: Sendable {
        var id: ID
        var userID: ID
        var createAt: Int64
        var updateAt: Int64
        var editAt: Int64
        var deleteAt: Int64
        var root: Int32           // index of the thread root, or -1
        var messageStart: UInt32  // into `arena`
        var messageBytes: UInt32
        var type: UInt8
        var pinned: Bool
    }

    var entries: ContiguousArray<Entry> = []
    var arena: [UInt8] = []
    var index: [ID: Int32] = [:]
    var props: [Int32: [UInt8]] = [:]
    var files: [Int32: [ID]] = [:]
    var hashtags: [Int32: String] = [:]
    var mentions: [Int32: [ID]] = [:]
    var replies: [Int32: [Int32]] = [:]
    var reactions: [Int32: [Reaction]] = [:]
    /// Bytes of the arena no longer referenced (edited messages); a compaction may reclaim them later.
    var garbageBytes = 0

    public init() {}

    public var count: Int { entries.count }
    public var lastCreateAt: Int64 { entries.last?.createAt ?? 0 }

    func slot(of id: ID) -> Int32? { index[id] }

    /// The message bytes of entry `i`.
    func message(at i: Int32) -> String {
        let e = entries[Int(i)]
        let start = Int(e.messageStart)
        return String(decoding: arena[start..<start + Int(e.messageBytes)], as: UTF8.self)
    }

    private mutating func store(message: String) -> (UInt32, UInt32) {
        let start = arena.count
        arena.append(contentsOf: message.utf8)
        precondition(arena.count <= Int(UInt32.max), "a channel's message arena passed 4 GiB")
        return (UInt32(start), UInt32(arena.count - start))
    }

    /// Adds a post; the caller (a record's apply) guarantees the id is new and the root, if any, is stored here.
    mutating func insert(_ seed: PostSeed) {
        precondition(index[seed.id] == nil, "post \(seed.id) stored twice")
        let i = Int32(entries.count)
        let (start, bytes) = store(message: seed.message)
        let root = seed.rootID.flatMap { index[$0] } ?? -1
        entries.append(Entry(id: seed.id, userID: seed.userID, createAt: seed.createAt, updateAt: seed.createAt,
                             editAt: 0, deleteAt: 0, root: root, messageStart: start, messageBytes: bytes,
                             type: seed.type.rawValue, pinned: false))
        index[seed.id] = i
        if seed.props != Post.emptyProps && !seed.props.isEmpty { props[i] = seed.props }
        if !seed.fileIDs.isEmpty { files[i] = seed.fileIDs }
        if !seed.hashtags.isEmpty { hashtags[i] = seed.hashtags }
        if !seed.mentions.isEmpty { mentions[i] = seed.mentions }
        if root >= 0 {
            replies[root, default: []].append(i)
            entries[Int(root)].updateAt = max(entries[Int(root)].updateAt, seed.createAt)
        }
    }

    mutating func edit(_ i: Int32, message: String, props newProps: [UInt8]?, at time: Int64) {
        garbageBytes += Int(entries[Int(i)].messageBytes)
        let (start, bytes) = store(message: message)
        entries[Int(i)].messageStart = start
        entries[Int(i)].messageBytes = bytes
        entries[Int(i)].editAt = time
        entries[Int(i)].updateAt = time
        if let newProps { props[i] = newProps == Post.emptyProps ? nil : newProps }
    }

    /// Soft-deletes a post and, for a thread root, its replies (Mattermost deletes the whole thread).
    mutating func delete(_ i: Int32, at time: Int64) {
        entries[Int(i)].deleteAt = time
        entries[Int(i)].updateAt = time
        for reply in replies[i] ?? [] where entries[Int(reply)].deleteAt == 0 {
            entries[Int(reply)].deleteAt = time
            entries[Int(reply)].updateAt = time
        }
    }

    mutating func setPinned(_ i: Int32, _ pinned: Bool, at time: Int64) {
        entries[Int(i)].pinned = pinned
        entries[Int(i)].updateAt = time
    }

    /// Adds or removes one user's reaction; the post's `update_at` moves so `since` queries see the change.
    mutating func setReaction(_ i: Int32, _ r: Reaction, added: Bool) {
        var list = reactions[i] ?? []
        list.removeAll { $0.userID == r.userID && $0.emojiName == r.emojiName }
        if added { list.append(r) }
        reactions[i] = list.isEmpty ? nil : list
        touch(i, at: r.createAt)
    }

    mutating func touch(_ i: Int32, at time: Int64) {
        entries[Int(i)].updateAt = max(entries[Int(i)].updateAt, time)
    }

    /// The live replies of a root and the time of the newest.
    func replyStats(_ i: Int32) -> (count: Int64, last: Int64) {
        var count: Int64 = 0, last: Int64 = 0
        for r in replies[i] ?? [] where entries[Int(r)].deleteAt == 0 {
            count += 1
            last = max(last, entries[Int(r)].createAt)
        }
        return (count, last)
    }

    /// The public form of entry `i`.
    func post(at i: Int32, channelID: ID) -> Post {
        let e = entries[Int(i)]
        let rootIndex = e.root
        var p = Post(id: e.id, createAt: e.createAt, userID: e.userID, channelID: channelID,
                     rootID: rootIndex >= 0 ? entries[Int(rootIndex)].id : nil, message: message(at: i))
        p.updateAt = e.updateAt
        p.editAt = e.editAt
        p.deleteAt = e.deleteAt
        p.isPinned = e.pinned
        p.type = PostType(rawValue: e.type)?.text ?? ""
        p.props = props[i] ?? Post.emptyProps
        p.hashtags = hashtags[i] ?? ""
        p.fileIDs = files[i] ?? []
        p.reactions = reactions[i] ?? []
        let thread = replyStats(rootIndex >= 0 ? rootIndex : i)
        p.replyCount = thread.count
        p.lastReplyAt = thread.last
        return p
    }
}

/// Everything a new post needs, decided when it was created (the payload of `PostCreated`, and the system
/// messages that membership records carry).
public struct PostSeed: Sendable, Equatable {
    public var id: ID
    public var userID: ID
    public var createAt: Int64
    public var rootID: ID?
    public var message: String
    public var type: PostType
    public var props: [UInt8]
    public var hashtags: String
    public var fileIDs: [ID]
    public var mentions: [ID]

    public init(id: ID, userID: ID, createAt: Int64, rootID: ID? = nil, message: String, type: PostType = .normal,
                props: [UInt8] = Post.emptyProps, hashtags: String = "", fileIDs: [ID] = [], mentions: [ID] = []) {
        self.id = id
        self.userID = userID
        self.createAt = createAt
        self.rootID = rootID
        self.message = message
        self.type = type
        self.props = props
        self.hashtags = hashtags
        self.fileIDs = fileIDs
        self.mentions = mentions
    }

    func encode(into w: inout ByteWriter) {
        w.write(id); w.write(userID); w.write(createAt); w.writeOptional(rootID); w.write(message)
        w.write(type.rawValue); w.write(lengthPrefixed: props); w.write(hashtags); w.write(fileIDs); w.write(mentions)
    }

    init(from r: inout ByteReader) throws(ChatError) {
        id = try r.readID(); userID = try r.readID(); createAt = try r.read(Int64.self); rootID = try r.readOptionalID()
        message = try r.readString()
        let raw = try r.read(UInt8.self)
        guard let type = PostType(rawValue: raw) else { throw .corruptRecord("post type \(raw)") }
        self.type = type
        props = try r.readBytes(); hashtags = try r.readString(); fileIDs = try r.readIDs(); mentions = try r.readIDs()
    }
}
