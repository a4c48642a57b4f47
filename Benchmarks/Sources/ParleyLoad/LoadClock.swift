import Glibc

/// Where the tool reads time. The state machines never read a clock: their shells pass `now` in, so tests drive
/// them with fixed times and the shells share one source (DESIGN.md §7: time is injected).
protocol LoadClock: Sendable {
    /// Nanoseconds on a clock that never jumps and is the same for every thread of this process.
    func nowNanos() -> UInt64
}

/// CLOCK_MONOTONIC: what senders stamp into messages and receivers subtract from; both are this process.
struct MonotonicClock: LoadClock {
    @inline(__always)
    func nowNanos() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }
}
