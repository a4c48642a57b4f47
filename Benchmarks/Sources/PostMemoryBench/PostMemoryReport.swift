import Foundation

/// Everything one run measured: written to results/post-memory.json and printed as a table.
struct PostMemoryReport: Codable {
    struct Workload: Codable {
        var posts: Int
        var seed: UInt64
        var bigChannelPosts: Int
        var smallChannels = PostMix.smallChannels
        var messageBytesMin = PostMix.messageBytesMin
        var messageBytesMax = PostMix.messageBytesMax
        var replyPercent = PostMix.replyPercent
        var reactionPercent = PostMix.reactionPercent
        var mentionPercent = PostMix.mentionPercent
    }

    struct Parley: Codable {
        var load: ParleyLoad.Result
        var residentBytesBefore: Int
        var residentBytesAfter: Int
        var bytesPerPost: Double
        var bytesPerPostExcludingMessages: Double
        var messageBytesPerPost: Double
        var postsPerSecond: Double
    }

    struct Snapshot: Codable {
        var fileBytes: Int64
        var writeSeconds: Double
        var readSeconds: Double
        var restoredPosts: Int
        var residentBytesAfterRestore: Int
    }

    var machine: [String: String]
    var workload: Workload
    var parley: Parley
    var snapshot: Snapshot?
    var redis: RedisLoad.Result?
    /// Parley bytes/post (RSS growth) ÷ Redis bytes/post (`used_memory` growth); below 1 means Parley is smaller.
    var ratioToRedis: Double?
    /// The same with Redis's `used_memory_rss` growth, resident against resident.
    var ratioToRedisRSS: Double?
    /// Parley's bytes/post times 10M, when the run was smaller: an extrapolation, not a measurement.
    var extrapolatedResidentBytesAt10M: Double?

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// The table printed on stdout (and pasted into the README).
    func table() -> String {
        let p = parley
        var rows: [(String, String)] = [
            ("posts", Measure.grouped(workload.posts) + " (\(Measure.grouped(workload.bigChannelPosts)) in one channel, "
                + "the rest in \(Measure.grouped(workload.smallChannels)))"),
            ("replies / mentions / reactions", "\(Measure.grouped(p.load.replies)) / \(Measure.grouped(p.load.mentions)) / "
                + Measure.grouped(p.load.reactions)),
            ("message bytes, mean", Measure.fixed(p.messageBytesPerPost, 1)),
            ("Parley RSS: start / channels / posts", "\(Measure.mib(p.residentBytesBefore)) / "
                + "\(Measure.mib(p.load.residentBytesAfterChannels)) / \(Measure.mib(p.residentBytesAfter))"),
            ("Parley bytes/post (RSS growth over posts)", Measure.fixed(p.bytesPerPost, 1)),
            ("Parley bytes/post without message bytes", Measure.fixed(p.bytesPerPostExcludingMessages, 1)),
            ("Parley insertion (apply only)", Measure.fixed(p.postsPerSecond / 1e6, 2) + " M posts/s, "
                + Measure.fixed(p.load.applySeconds, 1) + " s (wall with generation " + Measure.fixed(p.load.wallSeconds, 1) + " s)"),
        ]
        if let x = extrapolatedResidentBytesAt10M { rows.append(("extrapolated RSS growth at 10M posts", Measure.mib(Int(x)))) }
        if let s = snapshot {
            let mb = Double(s.fileBytes) / 1e6
            rows.append(("snapshot write (takeSnapshot)", "\(Measure.fixed(mb, 0)) MB in \(Measure.fixed(s.writeSeconds, 2)) s = "
                + "\(Measure.fixed(mb / s.writeSeconds, 0)) MB/s"))
            rows.append(("snapshot read back (start)", "\(Measure.fixed(s.readSeconds, 2)) s = \(Measure.fixed(mb / s.readSeconds, 0)) MB/s, "
                + "\(Measure.grouped(s.restoredPosts)) posts, RSS then \(Measure.mib(s.residentBytesAfterRestore))"))
        }
        if let r = redis {
            rows.append(("Redis \(r.version) (\(r.allocator)) used_memory growth/post", Measure.fixed(r.bytesPerPost, 1)))
            rows.append(("Redis used_memory_rss growth/post", Measure.fixed(r.rssBytesPerPost, 1)))
            rows.append(("Redis JSON value bytes, mean", Measure.fixed(Double(r.jsonBytes) / Double(max(r.posts, 1)), 1)))
            rows.append(("Redis load (pipelined SET)", Measure.fixed(r.setsPerSecond / 1e6, 2) + " M posts/s, "
                + Measure.fixed(r.seconds, 1) + " s"))
        }
        if let ratio = ratioToRedis { rows.append(("ratio Parley ÷ Redis (bytes/post)", Measure.fixed(ratio, 2) + "×")) }
        if let ratio = ratioToRedisRSS { rows.append(("ratio Parley ÷ Redis (RSS against RSS)", Measure.fixed(ratio, 2) + "×")) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }.joined(separator: "\n")
    }

    /// What the numbers were measured on.
    static func machine() -> [String: String] {
        var m: [String: String] = [:]
        m["cpus"] = "\(ProcessInfo.processInfo.activeProcessorCount)"
        m["memoryBytes"] = "\(ProcessInfo.processInfo.physicalMemory)"
        m["date"] = ISO8601DateFormatter().string(from: Date())
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            .split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            m["cpu"] = String(cpu.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        m["kernel"] = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        m["loadAverage"] = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ")
        return m
    }
}
