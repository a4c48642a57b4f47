import Foundation

/// Everything one run measured, written as JSON into results/ and printed as tables.
struct BenchReport: Codable {
    struct AppendRow: Codable {
        /// The run with the median records/s of the repeats (all of them are in `engineRuns`).
        let engine: AppendBench.Result
        let raw: RawSyncBench.Result?
        /// Median engine records/s divided by the median raw records/s at the same batch size (goal: ≥ 0.8).
        let ratio: Double?
        /// The lowest and highest ratio of one engine run to the raw run right after it.
        let ratioRange: [Double]
        let engineRuns: [AppendBench.Result]
        let rawRuns: [RawSyncBench.Result]
    }

    var machine: [String: String] = [:]
    var seconds = 0.0
    var append: [AppendRow] = []
    var replay: ReplayBench.Result?
    var snapshots: [SnapshotBench.Result] = []

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    static func appendHeader() -> String {
        pad(["policy", "writers", "bytes", "rec/s", "MB/s", "rec/batch", "raw rec/s", "raw MB/s", "ratio", "range"])
    }

    static func appendLine(_ row: AppendRow) -> String {
        let e = row.engine
        return pad([e.policy, "\(e.writers)", "\(e.payloadBytes)", fmt(e.recordsPerSecond, 0), fmt(e.payloadMBPerSecond, 1),
                    fmt(e.recordsPerBatch, 1), row.raw.map { fmt($0.recordsPerSecond, 0) } ?? "-",
                    row.raw.map { fmt($0.payloadMBPerSecond, 1) } ?? "-", row.ratio.map { fmt($0, 2) } ?? "-",
                    row.ratioRange.map { fmt($0, 2) }.joined(separator: "–")])
    }

    static func pad(_ cells: [String]) -> String {
        cells.map { $0.count >= 10 ? $0 + " " : $0 + String(repeating: " ", count: 11 - $0.count) }.joined()
    }

    static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// What the numbers were measured on.
    static func machineDescription(workDirectory: String) -> [String: String] {
        var m: [String: String] = [:]
        m["cpus"] = "\(ProcessInfo.processInfo.activeProcessorCount)"
        m["date"] = ISO8601DateFormatter().string(from: Date())
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            .split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            m["cpu"] = String(cpu.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        m["kernel"] = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        m["workDirectory"] = workDirectory
        return m
    }
}
