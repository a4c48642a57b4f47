import Actors

/// The peer: the same posts stored in Redis as one string per post, the post's 26-character id → compact JSON
/// of the fields Parley keeps (Mattermost's names; the optional ones only when present, as Parley's side tables
/// hold them only then), sent as pipelined SETs. Redis's own `used_memory` before and after is the figure.
struct RedisLoad {
    struct Result: Codable {
        var posts = 0
        var keys = 0
        var jsonBytes = 0
        var usedMemoryBefore = 0
        var usedMemoryAfter = 0
        var usedMemoryRSSBefore = 0
        var usedMemoryRSSAfter = 0
        var allocator = ""
        var version = ""
        var seconds = 0.0
        var bytesPerPost: Double { posts > 0 ? Double(usedMemoryAfter - usedMemoryBefore) / Double(posts) : 0 }
        var rssBytesPerPost: Double { posts > 0 ? Double(usedMemoryRSSAfter - usedMemoryRSSBefore) / Double(posts) : 0 }
        var setsPerSecond: Double { seconds > 0 ? Double(posts) / seconds : 0 }
    }

    /// Commands in flight before the client reads their replies: large enough that loopback round trips do not
    /// dominate, small enough that the replies (5 bytes each) never fill the socket buffers.
    static let pipelineCommands = 1_024

    let mix: PostMix
    let client: RESPClient

    func run() throws -> Result {
        var result = Result()
        (result.usedMemoryBefore, result.usedMemoryRSSBefore, result.allocator, result.version) = try memory()
        var generator = PostGenerator(mix: mix)
        let started = Measure.now()
        var inFlight = 0
        var nextProgress = ParleyLoad.progressEveryPosts
        var json: [UInt8] = []
        while let post = generator.next() {
            json.removeAll(keepingCapacity: true)
            RedisLoad.appendJSON(post, channelID: generator.channelIDs[post.channel], to: &json)
            result.jsonBytes += json.count
            client.queue([ArraySlice("SET".utf8), ArraySlice(post.seed.id.description.utf8), json[...]])
            inFlight += 1
            result.posts += 1
            if inFlight == RedisLoad.pipelineCommands { try drain(&inFlight) }
            if result.posts >= nextProgress {
                nextProgress += ParleyLoad.progressEveryPosts
                Measure.progress("redis: \(Measure.grouped(result.posts)) / \(Measure.grouped(mix.posts)) posts")
            }
        }
        try drain(&inFlight)
        result.seconds = Measure.now() - started
        client.queue("DBSIZE")
        try client.flush()
        result.keys = try client.readInteger()
        (result.usedMemoryAfter, result.usedMemoryRSSAfter, _, _) = try memory()
        return result
    }

    private func drain(_ inFlight: inout Int) throws {
        try client.flush()
        for _ in 0..<inFlight { try client.expect("+OK") }
        inFlight = 0
    }

    /// `used_memory`, `used_memory_rss`, the allocator and the version from `INFO memory` / `INFO server`.
    private func memory() throws -> (Int, Int, String, String) {
        client.queue("INFO", "memory")
        client.queue("INFO", "server")
        try client.flush()
        let fields = RedisLoad.fields(try client.readBulkString() + "\n" + client.readBulkString())
        guard let used = fields["used_memory"].flatMap({ Int($0) }), let rss = fields["used_memory_rss"].flatMap({ Int($0) }) else {
            throw RESPClient.Failure.reply("INFO memory without used_memory")
        }
        return (used, rss, fields["mem_allocator"] ?? "", fields["redis_version"] ?? "")
    }

    static func fields(_ info: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in info.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") else { continue }
            out[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return out
    }

    /// The post as compact JSON. Messages come from the generator's corpus, which holds no byte that JSON must
    /// escape, so they are copied as they are.
    static func appendJSON(_ post: GeneratedPost, channelID: ID, to out: inout [UInt8]) {
        let s = post.seed
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func string(_ key: String, _ value: String) { raw("\"\(key)\":\""); raw(value); raw("\",") }
        func number(_ key: String, _ value: Int64) { raw("\"\(key)\":\(value),") }
        raw("{")
        string("id", s.id.description)
        number("create_at", s.createAt); number("update_at", s.createAt); number("edit_at", 0); number("delete_at", 0)
        raw("\"is_pinned\":false,")
        string("user_id", s.userID.description)
        string("channel_id", channelID.description)
        string("root_id", s.rootID?.description ?? "")
        string("type", "")
        raw("\"props\":{},")
        if !s.mentions.isEmpty { raw("\"mentions\":[\"" + s.mentions.map(\.description).joined(separator: "\",\"") + "\"],") }
        if let r = post.reaction {
            raw("\"reactions\":[{\"user_id\":\"\(r.userID)\",\"emoji_name\":\"\(r.emojiName)\",\"create_at\":\(r.createAt)}],")
        }
        raw("\"message\":\"")
        raw(s.message)
        raw("\"}")
    }
}
