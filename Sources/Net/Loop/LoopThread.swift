import CShims
import Glibc

/// A plain pthread running one closure; event loops need their own long-lived threads, not a task executor.
final class LoopThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: () -> Void
    private let name: String

    init(name: String, body: @escaping () -> Void) {
        self.body = body
        self.name = String(name.prefix(15))
        let unmanaged = Unmanaged.passRetained(self)
        let rc = pthread_create(&thread, nil, { raw in
            let me = Unmanaged<LoopThread>.fromOpaque(raw!).takeRetainedValue()
            parley_set_thread_name(me.name)
            me.body()
            return nil
        }, unmanaged.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
    }

    func join() {
        _ = pthread_join(thread, nil)
    }
}
