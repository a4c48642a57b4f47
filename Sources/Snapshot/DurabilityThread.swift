import CShims
import Glibc

/// A named pthread running one closure. The journal writer and the segment preparer block in system calls
/// (fdatasync, zero-filling), which must not happen on Swift's cooperative pool.
final class DurabilityThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: () -> Void
    private let name: String

    init(name: String, body: @escaping () -> Void) {
        self.body = body
        self.name = String(name.prefix(15))
        let unmanaged = Unmanaged.passRetained(self)
        let rc = pthread_create(&thread, nil, { raw in
            let me = Unmanaged<DurabilityThread>.fromOpaque(raw!).takeRetainedValue()
            parley_set_thread_name(me.name)
            me.body()
            return nil
        }, unmanaged.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
    }

    func join() {
        _ = pthread_join(thread, nil)
    }

    /// Runs `work` on a new thread and resumes the caller with its result, so blocking I/O (a snapshot's
    /// serialisation) never occupies a cooperative-pool thread.
    static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let thread = DurabilityThread(name: name) {
                continuation.resume(with: Result { try work() })
            }
            _ = pthread_detach(thread.thread)
        }
    }
}
