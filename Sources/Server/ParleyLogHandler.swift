import Foundation
import Logging

/// Plain lines on standard output: the message, then `key=value` metadata; levels other than info are named
/// first. Line-buffered so that `listening <host>:<port>` reaches a reading test at once. The operator tools
/// log to standard error instead, keeping standard output for their results.
struct ParleyLogHandler: LogHandler {
    let label: String
    var toStandardError = false
    var logLevel: Logger.Level = ProcessInfo.processInfo.environment["PARLEY_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = event.level == .info ? "" : "\(event.level) "
        line += event.message.description
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key]!)"
        }
        line += "\n"
        ParleyLogHandler.write(line, toStandardError: toStandardError)
    }

    private static let lock = NSLock()
    /// The last lines logged, for `GET /api/v4/logs` (system admins). Guarded by `lock`.
    nonisolated(unsafe) private static var recent: [String] = []
    static let recentLinesMax = 10_000

    private static func write(_ line: String, toStandardError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if recent.count >= recentLinesMax { recent.removeFirst(recentLinesMax / 10) }
        recent.append(String(line.dropLast()))
        (toStandardError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(line.utf8))
    }

    /// The newest `count` log lines, oldest first.
    static func recentLines(_ count: Int) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(recent.suffix(count))
    }
}
