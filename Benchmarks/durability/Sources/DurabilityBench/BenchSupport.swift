import Foundation
import Logging
import Snapshot

/// Small shared pieces: time, a silent logger, fresh directories, percentiles.
enum BenchSupport {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The engine logs at info per snapshot and segment deletion; benchmarks print their own lines.
    static let logger: Logger = {
        var l = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        l.logLevel = .critical
        return l
    }()

    /// A new empty directory under the work directory.
    static func freshDirectory(_ options: BenchOptions, _ name: String) throws -> String {
        let path = options.workDirectory + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The value at quantile `q` of sorted samples.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    /// Bytes one record takes in a segment: the 32-byte header and the payload, padded to 8.
    static func recordBytes(payload: Int) -> Int { (32 + payload + 7) & ~7 }

    /// A whole line at once and unbuffered, so progress shows while a long suite runs.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
