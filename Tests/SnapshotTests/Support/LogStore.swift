import Logging
import Synchronization

/// Collects log lines so tests can check that something was logged (once).
final class LogStore: Sendable {
    private let lines = Mutex<[(Logger.Level, String)]>([])

    func append(_ level: Logger.Level, _ message: String) {
        lines.withLock { $0.append((level, message)) }
    }

    func count(_ level: Logger.Level, containing text: String) -> Int {
        lines.withLock { $0.filter { $0.0 == level && $0.1.contains(text) }.count }
    }

    var all: [String] { lines.withLock { $0.map { "\($0.0): \($0.1)" } } }

    var logger: Logger {
        Logger(label: "snapshot-tests") { _ in Handler(store: self) }
    }

    struct Handler: LogHandler {
        let store: LogStore
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            store.append(event.level, "\(event.message)")
        }
    }
}
