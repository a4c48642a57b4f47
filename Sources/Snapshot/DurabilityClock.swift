import Glibc

/// Time as the engine sees it, injected so tests decide when intervals (relaxed sync, disk-full probe,
/// snapshot schedule) have passed. Record timestamps come from `wallClockMillis`.
public protocol DurabilityClock: Sendable {
    /// Milliseconds since the Unix epoch, for record and snapshot timestamps.
    func wallClockMillis() -> Int64
    /// A monotonic reading in nanoseconds, for intervals.
    func monotonicNanos() -> UInt64
}

/// The real clocks: CLOCK_REALTIME and CLOCK_MONOTONIC.
public struct SystemDurabilityClock: DurabilityClock {
    public init() {}

    public func wallClockMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    public func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
