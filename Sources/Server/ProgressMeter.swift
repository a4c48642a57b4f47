import Snapshot
import Synchronization

/// Progress of long operator work, on standard error: a line each time another tenth of the work is done or
/// a second has passed since the last line, whichever comes first — never a line per record, so a journal of
/// millions of records costs a few dozen lines. Work of unknown size gets only the once-a-second line, and
/// so does work under `quietBytes`, which is over before steps could tell anyone anything.
///
/// Thread-safe: the engine reads and writes from its own threads, and `CountingStorage` reports from there.
final class ProgressMeter: Sendable {
    private struct State {
        var done: Int64 = 0
        var printedPercent = 0
        var printedNanos: UInt64
        var printedDone: Int64 = 0
    }

    static let quietBytes: Int64 = 1 << 20

    let label: String
    /// Bytes the work will touch, when known.
    let total: Int64?
    private let intervalNanos: UInt64
    private let stepPercent: Int
    private let clock = SystemDurabilityClock()
    private let state: Mutex<State>

    init(_ label: String, totalBytes: Int64?, intervalMillis: UInt64 = 1000, stepPercent: Int = 10) {
        self.label = label
        total = totalBytes.map { max($0, 1) }
        intervalNanos = intervalMillis * 1_000_000
        self.stepPercent = stepPercent
        state = Mutex(State(printedNanos: clock.monotonicNanos()))
    }

    /// Records `bytes` more of the work done, and prints a line when one is due.
    func advance(by bytes: Int64) {
        let now = clock.monotonicNanos()
        let line = state.withLock { s -> String? in
            s.done += bytes
            let percent = total.map { Int(min(100, s.done * 100 / $0)) }
            let stepReached = percent.map { $0 >= s.printedPercent + stepPercent && total! >= Self.quietBytes } ?? false
            let secondPassed = now - s.printedNanos >= intervalNanos && s.done != s.printedDone
            guard stepReached || secondPassed else { return nil }
            s.printedNanos = now
            s.printedDone = s.done
            if let percent { s.printedPercent = percent - percent % stepPercent }
            return describe(done: s.done, percent: percent)
        }
        if let line { Console.error(line) }
    }

    private func describe(done: Int64, percent: Int?) -> String {
        guard let total, let percent else { return "\(label): \(Self.mebibytes(done)) so far" }
        return "\(label): \(percent)% (\(Self.mebibytes(min(done, total))) of \(Self.mebibytes(total)))"
    }

    static func mebibytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}
