import Actors
import Foundation

// Memory per post for the goal "10M posts in memory on this machine", with Redis holding the same posts as the
// peer in the same run. Environment: POSTS (10,000,000), POST_MEMORY_JSON (results/post-memory.json),
// POST_MEMORY_SKIP (any of "snapshot redis"), REDIS_SERVER (/usr/bin/redis-server). Progress goes to stderr.

let environment = ProcessInfo.processInfo.environment
let posts = environment["POSTS"].map { $0.filter(\.isNumber) }.flatMap { Int($0) } ?? PostMix.postsDefault
precondition(posts > 0, "POSTS must be a positive number")
let skip = Set((environment["POST_MEMORY_SKIP"] ?? "").split(separator: " ").map(String.init))
let resultsDefault = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("results/post-memory.json").path
let jsonPath = environment["POST_MEMORY_JSON"] ?? resultsDefault
let mix = PostMix(posts: posts, seed: PostMix.seedDefault)
let work = NSTemporaryDirectory() + "parley-post-memory-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }

Measure.progress("post-memory: \(Measure.grouped(posts)) posts, work directory \(work)")
let residentBefore = Measure.residentBytes()
var (states, load) = ParleyLoad(mix: mix).run()
let residentAfter = Measure.residentBytes()
// Posts are measured from the RSS after the channels and their 45,000 memberships exist: those are a fixed cost
// that a small run would otherwise spread over too few posts.
let growth = Double(residentAfter - load.residentBytesAfterChannels)
let parley = PostMemoryReport.Parley(
    load: load, residentBytesBefore: residentBefore, residentBytesAfter: residentAfter,
    bytesPerPost: growth / Double(posts), bytesPerPostExcludingMessages: (growth - Double(load.messageBytes)) / Double(posts),
    messageBytesPerPost: Double(load.messageBytes) / Double(posts), postsPerSecond: load.postsPerSecond)
Measure.progress("parley: \(Measure.fixed(parley.bytesPerPost, 1)) bytes/post, RSS \(Measure.mib(residentAfter))")

var snapshot: PostMemoryReport.Snapshot?
if !skip.contains("snapshot") {
    let timing = SnapshotTiming(directory: work + "/snapshot")
    Measure.progress("snapshot: writing \(states.count) channels")
    let written = try await timing.write(states)
    states = []  // the only copy left; released so the restore below is not measured on top of it
    Measure.progress("snapshot: \(Measure.mib(Int(written.fileBytes))) in \(Measure.fixed(written.seconds, 2)) s; reading back")
    let read = try timing.read()
    precondition(read.posts == posts, "the snapshot gave back \(read.posts) posts of \(posts)")
    snapshot = .init(fileBytes: written.fileBytes, writeSeconds: written.seconds, readSeconds: read.seconds,
                     restoredPosts: read.posts, residentBytesAfterRestore: read.residentBytes)
    try? FileManager.default.removeItem(atPath: work + "/snapshot")
}
states = []

var redis: RedisLoad.Result?
if !skip.contains("redis") {
    let directory = work + "/redis"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let server = try RedisServer(executable: environment["REDIS_SERVER"] ?? RedisServer.executableDefault, directory: directory)
    Measure.progress("redis: listening on 127.0.0.1:\(server.port)")
    let result = try RedisLoad(mix: mix, client: try RESPClient(port: server.port)).run()
    server.stop()
    precondition(result.keys == posts, "Redis holds \(result.keys) keys, expected \(posts)")
    redis = result
}

let report = PostMemoryReport(
    machine: PostMemoryReport.machine(),
    workload: .init(posts: posts, seed: mix.seed, bigChannelPosts: (posts + PostMix.bigChannelEvery - 1) / PostMix.bigChannelEvery),
    parley: parley, snapshot: snapshot, redis: redis,
    ratioToRedis: redis.map { parley.bytesPerPost / $0.bytesPerPost },
    ratioToRedisRSS: redis.map { parley.bytesPerPost / $0.rssBytesPerPost },
    extrapolatedResidentBytesAt10M: posts < PostMix.postsDefault ? parley.bytesPerPost * Double(PostMix.postsDefault) : nil)
try report.write(to: jsonPath)
print(report.table())
Measure.progress("post-memory: wrote \(jsonPath)")
