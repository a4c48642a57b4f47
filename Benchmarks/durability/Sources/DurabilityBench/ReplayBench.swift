import Snapshot

/// Recovery speed: a journal of `records` records (100-byte payloads, no snapshot) replayed by `start()`
/// through a component that counts what it is given.
struct ReplayBench {
    struct Result: Codable {
        let records: Int
        let payloadBytes: Int
        let journalBytes: Int64
        let seconds: Double
        let recordsPerSecond: Double
        let mbPerSecond: Double
    }

    let options: BenchOptions
    let payloadBytes = 100

    func run(records: Int) async throws -> Result {
        let directory = try BenchSupport.freshDirectory(options, "replay")
        defer { BenchSupport.remove(directory) }
        try await fill(directory, records: records)
        let engine = try DurabilityEngine(directory: directory, logger: BenchSupport.logger)
        let counter = BenchComponents.Counter()
        try engine.register(counter.component(journal: engine.journal))
        let started = BenchSupport.now()
        let report = try engine.start()
        let seconds = BenchSupport.now() - started
        engine.close()
        precondition(counter.applied.load(ordering: .relaxed) == UInt64(records) && report.replayedRecords == UInt64(records),
                     "replay applied \(report.replayedRecords) of \(records)")
        let bytes = Int64(records * BenchSupport.recordBytes(payload: payloadBytes))
        return Result(records: records, payloadBytes: payloadBytes, journalBytes: bytes, seconds: seconds,
                      recordsPerSecond: Double(records) / seconds, mbPerSecond: Double(bytes) / seconds / 1e6)
    }

    /// Writes the journal with the relaxed policy from one task, flushing now and then to stay under the
    /// pending-bytes limit.
    private func fill(_ directory: String, records: Int) async throws {
        let engine = try DurabilityEngine(directory: directory, configuration: DurabilityConfiguration(policy: .relaxed),
                                          logger: BenchSupport.logger)
        try engine.register(BenchComponents.Counter().component(journal: engine.journal))
        try engine.start()
        let payload = [UInt8](repeating: 7, count: payloadBytes)
        for i in 0..<records {
            _ = try engine.journal.append(kind: BenchComponents.kind, payload: payload)
            if i % 50_000 == 49_999 { try await engine.journal.flush() }
        }
        try await engine.journal.flush()
        engine.close()
    }
}
