import Snapshot
import Synchronization

/// Appends through the real engine: `writers` tasks each append a record and wait for `durable` in a loop,
/// for a fixed time. What the engine achieved (records per batch) is what the raw loop then repeats.
struct AppendBench {
    struct Result: Codable {
        let policy: String
        let writers: Int
        let payloadBytes: Int
        let records: UInt64
        let seconds: Double
        let recordsPerSecond: Double
        let payloadMBPerSecond: Double
        let diskMBPerSecond: Double
        let batches: UInt64
        let syncs: UInt64
        let recordsPerBatch: Double
    }

    let options: BenchOptions

    func run(policy: DurabilityConfiguration.Policy, writers: Int, payloadBytes: Int) async throws -> Result {
        let directory = try BenchSupport.freshDirectory(options, "append-\(policy.rawValue)-\(writers)-\(payloadBytes)")
        defer { BenchSupport.remove(directory) }
        let engine = try DurabilityEngine(directory: directory, configuration: DurabilityConfiguration(policy: policy),
                                          logger: BenchSupport.logger)
        try engine.register(BenchComponents.Counter().component(journal: engine.journal))
        try engine.start()
        let journal = engine.journal
        let stop = StopFlag()
        let started = BenchSupport.now()
        let records = try await withThrowingTaskGroup(of: UInt64.self) { group -> UInt64 in
            for w in 0..<writers {
                group.addTask {
                    let payload = [UInt8](repeating: UInt8(truncatingIfNeeded: w), count: payloadBytes)
                    var n: UInt64 = 0
                    while !stop.isSet {
                        let lsn = try journal.append(kind: BenchComponents.kind, payload: payload)
                        try await journal.durable(lsn)
                        n += 1
                    }
                    return n
                }
            }
            try await Task.sleep(for: .milliseconds(Int(options.seconds * 1000)))
            stop.set()
            return try await group.reduce(0, +)
        }
        let seconds = BenchSupport.now() - started
        let stats = journal.statistics
        engine.close()
        return Result(policy: policy.rawValue, writers: writers, payloadBytes: payloadBytes, records: records,
                      seconds: seconds, recordsPerSecond: Double(records) / seconds,
                      payloadMBPerSecond: Double(records) * Double(payloadBytes) / seconds / 1e6,
                      diskMBPerSecond: Double(stats.bytesWritten) / seconds / 1e6, batches: stats.batches,
                      syncs: stats.syncs, recordsPerBatch: Double(records) / Double(max(stats.batches, 1)))
    }
}

/// A flag one task sets and many read (stop, snapshot running).
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
    func clear() { flag.store(false, ordering: .relaxed) }
}
