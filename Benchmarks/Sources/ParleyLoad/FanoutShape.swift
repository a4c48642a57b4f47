/// The shape of a fan-out run, the same for Parley and its peer.
struct FanoutShape: Codable, Sendable {
    var subscribers: Int
    var users: Int
    var posts: Int
    /// Posts per second at a fixed rate; 0: pipelined.
    var ratePerSecond: Double
    /// Unanswered posts (or PUBLISHes) at most.
    var pipeline: Int
    var messageBytes: Int
    var subscriberThreads: Int
    var publishConnections: Int
    /// After the last reply, how long deliveries may make no progress before the rest count as lost.
    var drainSeconds: Double
    var connectSeconds: Double

    var schedule: PublishSchedule {
        ratePerSecond > 0 ? .rate(perSecond: ratePerSecond, outstandingMax: pipeline) : .pipelined(outstandingMax: pipeline)
    }
}
