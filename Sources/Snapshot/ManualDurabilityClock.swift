import Synchronization

/// A clock that moves only when a test says so; both readings advance together.
public final class ManualDurabilityClock: DurabilityClock {
    private let now: Mutex<(wall: Int64, mono: UInt64)>

    public init(wallClockMillis: Int64 = 1_700_000_000_000) {
        now = Mutex((wallClockMillis, 1_000_000_000))
    }

    public func advance(millis: Int64) {
        precondition(millis >= 0, "time does not go backwards")
        now.withLock {
            $0.wall += millis
            $0.mono += UInt64(millis) * 1_000_000
        }
    }

    public func wallClockMillis() -> Int64 { now.withLock { $0.wall } }
    public func monotonicNanos() -> UInt64 { now.withLock { $0.mono } }
}
