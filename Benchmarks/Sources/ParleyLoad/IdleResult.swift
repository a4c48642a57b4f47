/// One system's idle measurement: N connections held, and what the server's resident memory did.
struct IdleResult: Codable, Sendable {
    var system: String
    var connections: Int
    var ready: Int
    var connectFailures: Int
    /// Connections lost after they were ready, while held.
    var disconnects: Int
    var firstConnectionError: String?
    var connectSeconds: Double
    /// Ready connections over the time it took to open them all.
    var connectionsPerSecond: Double
    /// `socket()` to ready (a Parley `hello`, a subscription's confirmation), milliseconds.
    var handshakeMs: SystemResult.Latency?
    var serverPID: Int32?
    /// The server's CPU while the N connections were opened.
    var serverCPUSeconds: Double?
    /// VmRSS after the warm-up connections were opened and closed, before the N.
    var serverRSSBytesBaseline: Int?
    /// VmRSS with the N held, after the settle time.
    var serverRSSBytesHeld: Int?
    var bytesPerConnection: Double?

    /// (RSS held − RSS baseline) ÷ connections held; nil without both readings or without a connection.
    static func bytesPerConnection(baseline: Int?, held: Int?, connections: Int) -> Double? {
        guard let baseline, let held, connections > 0 else { return nil }
        return Double(held - baseline) / Double(connections)
    }
}
