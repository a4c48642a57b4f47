import Logging
import Synchronization

/// Holds log lines back until it is opened. `serve` recovers the data directory before it listens, yet its
/// first line must stay `listening <host>:<port>` (tests and tools read exactly that), so what the engine
/// logs during recovery waits here and follows the listening line in order.
final class LogGate: Sendable {
    /// Lines waiting, in order; nil once the gate is open.
    private let held = Mutex<[@Sendable () -> Void]?>([])

    /// Runs `emit` now when the gate is open, or keeps it for `open()`.
    func pass(_ emit: @escaping @Sendable () -> Void) {
        let now = held.withLock { waiting -> Bool in
            guard waiting != nil else { return true }
            waiting!.append(emit)
            return false
        }
        if now { emit() }
    }

    /// Writes what was held, in order, and lets later lines through at once.
    func open() {
        // Written under the lock, so a line logged meanwhile waits and cannot overtake the held ones.
        held.withLock { waiting in
            for emit in waiting ?? [] { emit() }
            waiting = nil
        }
    }

    /// A log handler that writes through `inner` once the gate is open.
    struct Handler: LogHandler {
        var inner: any LogHandler
        let gate: LogGate

        var logLevel: Logger.Level {
            get { inner.logLevel }
            set { inner.logLevel = newValue }
        }

        var metadata: Logger.Metadata {
            get { inner.metadata }
            set { inner.metadata = newValue }
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { inner[metadataKey: key] }
            set { inner[metadataKey: key] = newValue }
        }

        func log(event: LogEvent) {
            let inner = self.inner
            gate.pass { inner.log(event: event) }
        }
    }
}
