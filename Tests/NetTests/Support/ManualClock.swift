import Synchronization
@testable import Net

/// A clock the test moves by hand, so deadlines fire without waiting for them.
final class ManualClock: LoopClock {
    private let now = Atomic<Int64>(1_000_000)
    func monotonicMs() -> Int64 { now.load(ordering: .acquiring) }
    func wallSeconds() -> Int { Int(now.load(ordering: .acquiring) / 1000) }
    func advance(ms: Int64) { now.add(ms, ordering: .sequentiallyConsistent) }
}
