import Glibc

/// Wall-clock milliseconds for timestamps, injected so tests run on a manual clock.
public protocol ChatClock: Sendable {
    func nowMillis() -> Int64
}

public struct SystemChatClock: ChatClock {
    public init() {}

    public func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
