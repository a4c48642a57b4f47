import Actors
import Synchronization

/// A chat clock that moves only when a test says so, so timestamps and the 30 s pending-post window are decided
/// by the test and never by the machine's speed.
final class ManualChatClock: ChatClock {
    static let startMillis: Int64 = 1_700_000_000_000
    private let now = Mutex(ManualChatClock.startMillis)

    func nowMillis() -> Int64 { now.withLock { $0 } }

    func advance(millis: Int64) {
        precondition(millis >= 0, "time does not go backwards")
        now.withLock { $0 += millis }
    }
}
