import Foundation
import Glibc

/// SIGINT and SIGTERM stop what the tool started, by pid, then end it with 130. The signals are blocked in every
/// thread (install before starting any) and taken by one thread with sigwait, so no handler runs async-unsafe code.
enum SignalGuard {
    static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let blocked = signals
        _ = LoadThread(name: "load-signals") {
            var set = blocked
            var received: Int32 = 0
            sigwait(&set, &received)
            Log.progress("parley-load: signal \(received); stopping the servers it started")
            ChildRegistry.shared.stopAll()
            for path in ChildRegistry.shared.temporaryDirectories { try? FileManager.default.removeItem(atPath: path) }
            exit(130)
        }
    }
}
