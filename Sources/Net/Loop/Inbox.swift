import CShims
import Glibc
import Synchronization

/// The FIFO through which other threads hand work to a loop: a mutex-guarded array plus an eventfd. The eventfd is
/// written at most once per batch (until the loop drains), and never by the loop's own thread, which drains the
/// inbox before it sleeps anyway.
final class Inbox<Message: Sendable>: Sendable {
    private struct State: ~Copyable {
        var messages: [Message] = []
        var wakePending = false
    }

    private let state = Mutex(State())
    let eventFD: Int32
    let capacity: Int
    /// The loop thread's id, set once the loop runs; 0 before that.
    private let ownerThread = Atomic<Int>(0)

    init(capacity: Int) {
        precondition(capacity > 0, "inbox capacity \(capacity)")
        self.capacity = capacity
        eventFD = parley_eventfd()
        precondition(eventFD >= 0, "eventfd failed: errno \(errno)")
    }

    deinit { _ = close(eventFD) }

    func bindToCurrentThread() { ownerThread.store(parley_gettid(), ordering: .releasing) }

    var isOwnerThread: Bool { ownerThread.load(ordering: .acquiring) == parley_gettid() }

    /// Appends a message; false when the inbox is full (the caller decides: drop an ephemeral event, or close).
    /// Messages that must never be dropped (responses, file chunks: each bounded by its own limit, such as the
    /// pipeline depth or one chunk per stream) pass `bounded: false`.
    @discardableResult
    func push(_ message: Message, bounded: Bool = true) -> Bool {
        let needsWake: Bool? = state.withLock { s in
            guard !bounded || s.messages.count < capacity else { return nil }
            s.messages.append(message)
            if s.wakePending { return false }
            s.wakePending = true
            return true
        }
        guard let needsWake else { return false }
        if needsWake && !isOwnerThread {
            var one: UInt64 = 1
            _ = write(eventFD, &one, 8)
        }
        return true
    }

    /// Takes every waiting message, in order. Called on the loop thread.
    func drain(into out: inout [Message]) {
        state.withLock { s in
            s.wakePending = false
            if s.messages.isEmpty { return }
            swap(&out, &s.messages)
        }
    }

    var isEmpty: Bool { state.withLock { $0.messages.isEmpty } }

    /// Clears the eventfd counter after it fired.
    func acknowledgeWake() {
        var value: UInt64 = 0
        _ = read(eventFD, &value, 8)
    }
}
