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

    init(capacity: Int) {
        precondition(capacity > 0, "inbox capacity \(capacity)")
        self.capacity = capacity
        eventFD = parley_eventfd()
        precondition(eventFD >= 0, "eventfd failed: errno \(errno)")
    }

    deinit { _ = close(eventFD) }

    /// The loop's own handler, for messages produced on the loop thread that may be handled at once (a response
    /// given while the request is being dispatched) instead of taking the round trip through the queue.
    /// Set and read on the loop thread only.
    nonisolated(unsafe) private var localHandler: ((Message) -> Void)?

    func setLocalHandler(_ handler: ((Message) -> Void)?) {
        precondition(isOwnerThread, "local handler set off the loop thread")
        localHandler = handler
    }

    /// Handles `message` right away when called on the loop thread; false otherwise (the caller pushes it).
    func handleLocally(_ message: Message) -> Bool {
        guard isOwnerThread, let localHandler else { return false }
        localHandler(message)
        return true
    }

    /// Marks the calling thread as this inbox's loop thread.
    func bindToCurrentThread() { LoopThreadMark.set(Unmanaged.passUnretained(self).toOpaque()) }

    /// A thread-specific value, not a syscall: this is asked on every push.
    var isOwnerThread: Bool { LoopThreadMark.get() == Unmanaged.passUnretained(self).toOpaque() }

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

/// Which inbox's loop runs on the current thread, kept in a pthread key (thread-specific data is a few
/// instructions; gettid(2) is a system call).
enum LoopThreadMark {
    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        precondition(pthread_key_create(&k, nil) == 0, "pthread_key_create failed")
        return k
    }()

    static func set(_ p: UnsafeMutableRawPointer) { _ = pthread_setspecific(key, p) }
    static func get() -> UnsafeMutableRawPointer? { pthread_getspecific(key) }
}
