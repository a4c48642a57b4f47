import Snapshot

/// Every append configuration (policy × writers × payload size): engine and raw loop alternate `repeats`
/// times; the row keeps the median of each and the spread of the pairwise ratios.
struct AppendSuite {
    let options: BenchOptions

    func run() async throws -> [BenchReport.AppendRow] {
        BenchSupport.line("append: \(options.repeats) × \(options.seconds) s per side and configuration;"
            + " raw = pwrite of the engine's batch size + fdatasync (relaxed: fdatasync every 100 ms); medians")
        BenchSupport.line(BenchReport.appendHeader())
        var rows: [BenchReport.AppendRow] = []
        for policy in options.policies.compactMap(DurabilityConfiguration.Policy.init(rawValue:)) {
            for writers in options.writers {
                for bytes in options.payloadBytes {
                    let row = try await measure(policy: policy, writers: writers, payloadBytes: bytes)
                    rows.append(row)
                    BenchSupport.line(BenchReport.appendLine(row))
                }
            }
        }
        return rows
    }

    private func measure(policy: DurabilityConfiguration.Policy, writers: Int, payloadBytes: Int) async throws
        -> BenchReport.AppendRow {
        var engineRuns: [AppendBench.Result] = []
        var rawRuns: [RawSyncBench.Result] = []
        for _ in 0..<options.repeats {
            let engine = try await AppendBench(options: options).run(policy: policy, writers: writers, payloadBytes: payloadBytes)
            engineRuns.append(engine)
            guard options.raw else { continue }
            let batch = max(1, Int(engine.recordsPerBatch.rounded()))
            let interval = policy == .relaxed ? Int(DurabilityConfiguration().relaxedSyncIntervalMillis) : nil
            rawRuns.append(try RawSyncBench(options: options).run(payloadBytes: payloadBytes, recordsPerBatch: batch,
                                                                  syncIntervalMillis: interval))
        }
        let engine = engineRuns.sorted { $0.recordsPerSecond < $1.recordsPerSecond }[engineRuns.count / 2]
        let raw = rawRuns.isEmpty ? nil : rawRuns.sorted { $0.recordsPerSecond < $1.recordsPerSecond }[rawRuns.count / 2]
        let pairs = zip(engineRuns, rawRuns).map { $0.recordsPerSecond / $1.recordsPerSecond }
        return BenchReport.AppendRow(engine: engine, raw: raw, ratio: raw.map { engine.recordsPerSecond / $0.recordsPerSecond },
                                     ratioRange: pairs.isEmpty ? [] : [pairs.min()!, pairs.max()!],
                                     engineRuns: engineRuns, rawRuns: rawRuns)
    }
}
