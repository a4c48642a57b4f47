/// What one system (Parley or its peer) did in one fan-out run; the JSON report holds it as is.
struct SystemResult: Codable, Sendable {
    struct Latency: Codable, Sendable {
        var p50: Double
        var p90: Double
        var p99: Double
        var p999: Double
        var max: Double
        var mean: Double
    }

    var system: String
    var subscribers: Int
    var subscribersReady: Int
    var connectFailures: Int
    /// Subscribers lost after they were ready (closed by the server or broken).
    var disconnects: Int
    var firstConnectionError: String?
    var connectSeconds: Double
    var postsSent: Int
    var postsAccepted: Int
    var postErrors: Int
    var firstPostError: String?
    var publishFailure: String?
    var expectedDeliveries: Int
    var deliveries: Int
    var losses: Int
    /// Times a connection's event `seq` did not go up by exactly 1 (Parley only).
    var seqGaps: Int
    var otherEvents: Int
    /// From the first send to the last delivery (or the end of publishing when nothing was delivered).
    var seconds: Double
    var deliveriesPerSecond: Double
    /// Post → delivery, milliseconds; nil when nothing was delivered.
    var latencyMs: Latency?
    var latencyClamped: Int
    /// The median size of a delivered message's payload: the `posted` frame's payload, or what Redis published.
    var payloadBytesMedian: Int?
    var publishSeconds: Double
    var publishLagMsMax: Double
    var serverPID: Int32?
    var serverCPUSeconds: Double?
    var serverRSSBytesBeforeConnections: Int?
    var serverRSSBytesConnected: Int?
    var serverRSSBytesPeak: Int?
    var generatorCPUSeconds: Double
    var wallSeconds: Double
    /// The generator used more than 0.8 of a core's time over the measurement: its figures may be its own limit.
    var generatorBound: Bool
}
