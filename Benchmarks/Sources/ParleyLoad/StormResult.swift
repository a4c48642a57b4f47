/// What a connect storm achieved against one system.
struct StormResult: Codable, Sendable {
    var system: String
    var target: Int
    var stopReason: StormMonitor.StopReason
    /// Seconds from the first connection's open to the stop.
    var seconds: Double
    /// The schedule's rate when the storm stopped.
    var offeredPerSecondAtStop: Double
    var ready: Int
    var connectFailures: Int
    var disconnects: Int
    var firstConnectionError: String?
    /// Ready connections over the time from the start to the last one's `hello`.
    var connectionsPerSecond: Double
    /// The most that became ready within one second (a sliding window).
    var peakPerSecond: Int
    /// `socket()` to `hello`, milliseconds.
    var handshakeMs: SystemResult.Latency?
    var serverPID: Int32?
    var serverCPUSeconds: Double?
    var serverRSSBytesBefore: Int?
    var serverRSSBytesAfter: Int?
    var generatorCPUSeconds: Double
    /// The generator used more than 0.8 of a core's time over the storm: the rates may be its own limit.
    var generatorBound: Bool
    var timeline: [StormMonitor.Sample]

    /// Ready connections per second from the start to the last `hello`.
    static func rate(ready: Int, startNanos: UInt64, lastReadyNanos: UInt64) -> Double {
        guard ready > 0, lastReadyNanos > startNanos else { return 0 }
        return Double(ready) / (Double(lastReadyNanos - startNanos) / 1e9)
    }
}
