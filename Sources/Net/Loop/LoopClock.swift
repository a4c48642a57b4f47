import CShims
import Glibc

/// Time as the loop sees it, injected so tests can drive deadlines without waiting.
public protocol LoopClock: Sendable {
    /// Monotonic milliseconds (only differences matter).
    func monotonicMs() -> Int64
    /// Wall-clock seconds since the epoch, for the Date header.
    func wallSeconds() -> Int
}

public struct SystemLoopClock: LoopClock {
    public init() {}
    public func monotonicMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
    public func wallSeconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int(ts.tv_sec)
    }
}
