import CLoad
import Glibc

/// A plain OS thread for the tool's event loops: each owns its sockets and epoll instance and never blocks on
/// another thread, so Swift concurrency's cooperative pool (two threads here) is not the place for them.
struct LoadThread {
    private final class Body: Sendable {
        let name: String
        let run: @Sendable () -> Void
        init(_ name: String, _ run: @escaping @Sendable () -> Void) {
            self.name = name
            self.run = run
        }
    }

    private let thread: pthread_t

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Body(String(name.prefix(15)), body)).toOpaque()
        let rc = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            _ = cload_name_thread(body.name)
            body.run()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        self.thread = thread
    }

    /// Waits for the thread to end; call once.
    func join() {
        pthread_join(thread, nil)
    }
}
