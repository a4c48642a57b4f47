import Snapshot

/// A channel's state in a snapshot: one blob with the channel and its members, then its posts in blobs of
/// `postsPerBlob`, so a channel with millions of posts streams out without a second copy of itself. Public so that
/// Benchmarks/PostMemoryBench can time a channel's section on its own, without a running ChatRuntime.
public enum ChannelCodec {
    static let postsPerBlob = 4096

    public static func write(_ s: ChannelState, to out: inout SnapshotWriter) throws {
        var w = ByteWriter(capacity: 4096)
        w.write(s.id); w.write(s.appliedLSN); w.write(s.channel != nil)
        if let c = s.channel { w.write(c) }
        w.write(UInt32(s.members.count))
        for m in s.members.values { w.write(m) }
        w.write(UInt32(s.posts.count)); w.write(UInt64(s.posts.garbageBytes))
        try StateCodec.flush(&w, to: &out)
        var i = 0
        while i < s.posts.count {
            let end = min(s.posts.count, i + postsPerBlob)
            for k in i..<end { writePost(Int32(k), of: s.posts, &w) }
            try StateCodec.flush(&w, to: &out)
            i = end
        }
    }

    static func writePost(_ i: Int32, of store: PostStore, _ w: inout ByteWriter) {
        let e = store.entries[Int(i)]
        w.write(e.id); w.write(e.userID); w.write(e.createAt); w.write(e.updateAt); w.write(e.editAt); w.write(e.deleteAt)
        w.write(e.root); w.write(e.type); w.write(e.pinned); w.write(store.message(at: i))
        w.write(lengthPrefixed: store.props[i] ?? []); w.write(store.files[i] ?? []); w.write(store.hashtags[i] ?? "")
        w.write(store.mentions[i] ?? [])
        let reactions = store.reactions[i] ?? []
        w.write(UInt32(reactions.count))
        for r in reactions { w.write(r.userID); w.write(r.emojiName); w.write(r.createAt) }
    }

    public static func read(_ r: inout SnapshotReader) throws -> ChannelState {
        var b = try StateCodec.blob(&r)
        var s = ChannelState(id: try b.readID())
        s.appliedLSN = try b.read(UInt64.self)
        if try b.readBool() { s.channel = try b.readChannel() }
        for _ in 0..<(try b.read(UInt32.self)) { let m = try b.readChannelMember(); s.members[m.userID] = m }
        let count = Int(try b.read(UInt32.self))
        s.posts.garbageBytes = Int(try b.read(UInt64.self))
        guard b.isAtEnd else { throw ChatError.corruptRecord("channel head has trailing bytes") }
        while s.posts.count < count {
            var batch = try StateCodec.blob(&r)
            while !batch.isAtEnd { try readPost(&batch, into: &s.posts) }
        }
        guard s.posts.count == count else { throw ChatError.corruptRecord("channel \(s.id) has \(s.posts.count) posts, expected \(count)") }
        return s
    }

    static func readPost(_ b: inout ByteReader, into store: inout PostStore) throws(ChatError) {
        let id = try b.readID(), user = try b.readID(), createAt = try b.read(Int64.self), updateAt = try b.read(Int64.self)
        let editAt = try b.read(Int64.self), deleteAt = try b.read(Int64.self), root = try b.read(Int32.self)
        let type = try b.read(UInt8.self), pinned = try b.readBool(), message = try b.readString()
        let props = try b.readBytes(), files = try b.readIDs(), hashtags = try b.readString(), mentions = try b.readIDs()
        var reactions: [Reaction] = []
        for _ in 0..<(try b.read(UInt32.self)) {
            reactions.append(Reaction(userID: try b.readID(), postID: id, emojiName: try b.readString(), createAt: try b.read(Int64.self)))
        }
        let i = Int32(store.entries.count)
        guard root < i, store.index[id] == nil else { throw ChatError.corruptRecord("post \(id) out of order") }
        let start = UInt32(store.arena.count)
        store.arena.append(contentsOf: message.utf8)
        store.entries.append(PostStore.Entry(id: id, userID: user, createAt: createAt, updateAt: updateAt, editAt: editAt,
                                             deleteAt: deleteAt, root: root, messageStart: start,
                                             messageBytes: UInt32(store.arena.count) - start, type: type, pinned: pinned))
        store.index[id] = i
        if !props.isEmpty { store.props[i] = props }
        if !files.isEmpty { store.files[i] = files }
        if !hashtags.isEmpty { store.hashtags[i] = hashtags }
        if !mentions.isEmpty { store.mentions[i] = mentions }
        if !reactions.isEmpty { store.reactions[i] = reactions }
        if root >= 0 { store.replies[root, default: []].append(i) }
    }
}
