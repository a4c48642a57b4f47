import Glibc
import Synchronization

/// Progress of a long step on stderr, at most a few lines a second, and always its last count.
final class ProgressLine: Sendable {
    let label: String
    let total: Int
    let clock: any LoadClock
    private static let intervalNanos: UInt64 = 1_000_000_000
    private let state: Mutex<(done: Int, printedAt: UInt64)>

    init(_ label: String, total: Int, clock: any LoadClock = MonotonicClock()) {
        self.label = label
        self.total = total
        self.clock = clock
        state = Mutex((0, clock.nowNanos()))
    }

    func advance(by n: Int = 1) {
        let now = clock.nowNanos()
        let line: String? = state.withLock { s in
            s.done += n
            guard now - s.printedAt >= Self.intervalNanos, s.done < total else { return nil }
            s.printedAt = now
            return "\(label): \(s.done)/\(total)"
        }
        if let line { Log.progress(line) }
    }

    func finish() {
        Log.progress("\(label): \(state.withLock { $0.done })/\(total) done")
    }
}

enum Log {
    /// One line to stderr, so stdout carries only the report.
    static func progress(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
