import Snapshot
import Synchronization

/// Snapshots of a component holding many small records: the time to write one, the time to recover from it,
/// and the latency of appends (8 writers, 100-byte records, durable) before and while it is written.
struct SnapshotBench {
    struct Result: Codable {
        let records: Int
        let fileBytes: Int64
        let writeSeconds: Double
        let recoverSeconds: Double
        let latency: LatencyResult
    }

    struct LatencyResult: Codable {
        let writers: Int
        let idleSamples: Int
        let idleP50Micros: Double
        let idleP99Micros: Double
        let idleMaxMicros: Double
        let duringSamples: Int
        let duringP50Micros: Double
        let duringP99Micros: Double
        let duringMaxMicros: Double
        let snapshotSecondsUnderLoad: Double
    }

    let options: BenchOptions
    let writers = 8

    func run(records: Int) async throws -> Result {
        let directory = try BenchSupport.freshDirectory(options, "snapshot-\(records)")
        defer { BenchSupport.remove(directory) }
        let state = BenchComponents.ManyRecords(count: records)
        let engine = try DurabilityEngine(directory: directory, logger: BenchSupport.logger)
        try engine.register(state.component(journal: engine.journal))
        try engine.start()
        let started = BenchSupport.now()
        let info = try await engine.takeSnapshot()
        let writeSeconds = BenchSupport.now() - started
        let latency = try await measureLatency(engine)
        engine.close()
        return Result(records: records, fileBytes: info.fileBytes, writeSeconds: writeSeconds,
                      recoverSeconds: try recover(directory, records: records), latency: latency)
    }

    /// Start-up from the newest snapshot (plus the few records the latency run appended).
    private func recover(_ directory: String, records: Int) throws -> Double {
        let engine = try DurabilityEngine(directory: directory, logger: BenchSupport.logger)
        let empty = BenchComponents.ManyRecords(count: 0)
        try engine.register(empty.component(journal: engine.journal))
        let started = BenchSupport.now()
        try engine.start()
        let seconds = BenchSupport.now() - started
        engine.close()
        precondition(empty.restored.load(ordering: .relaxed) == records, "restored a different count")
        return seconds
    }

    /// Appends from `writers` tasks: a second of warm-up (the engine prepares its next segment in the
    /// background after start, and that fsync would be counted against "idle"), a second alone, then while a
    /// snapshot is written; each latency is tagged with the phase in which the append started.
    private func measureLatency(_ engine: DurabilityEngine) async throws -> LatencyResult {
        let journal = engine.journal
        let phase = BenchPhase()
        var snapshotSeconds = 0.0
        let samples = try await withThrowingTaskGroup(of: [(Int, Double)].self) { group -> [(Int, Double)] in
            for w in 0..<writers {
                group.addTask {
                    let payload = [UInt8](repeating: UInt8(w), count: 100)
                    var mine: [(Int, Double)] = []
                    while phase.value != BenchPhase.done {
                        let started = phase.value
                        let t0 = BenchSupport.now()
                        try await journal.durable(try journal.append(kind: BenchComponents.kind, payload: payload))
                        mine.append((started, (BenchSupport.now() - t0) * 1e6))
                    }
                    return mine
                }
            }
            try await Task.sleep(for: .seconds(1))
            phase.value = BenchPhase.idle
            try await Task.sleep(for: .seconds(1))
            phase.value = BenchPhase.snapshot
            let t0 = BenchSupport.now()
            _ = try await engine.takeSnapshot()
            snapshotSeconds = BenchSupport.now() - t0
            phase.value = BenchPhase.done
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let idle = samples.filter { $0.0 == BenchPhase.idle }.map(\.1).sorted()
        let during = samples.filter { $0.0 == BenchPhase.snapshot }.map(\.1).sorted()
        return LatencyResult(writers: writers, idleSamples: idle.count, idleP50Micros: BenchSupport.quantile(idle, 0.5),
                             idleP99Micros: BenchSupport.quantile(idle, 0.99), idleMaxMicros: idle.last ?? 0,
                             duringSamples: during.count, duringP50Micros: BenchSupport.quantile(during, 0.5),
                             duringP99Micros: BenchSupport.quantile(during, 0.99), duringMaxMicros: during.last ?? 0,
                             snapshotSecondsUnderLoad: snapshotSeconds)
    }
}

/// Which part of the latency run an append started in.
final class BenchPhase: Sendable {
    static let warmUp = 0, idle = 1, snapshot = 2, done = 3
    private let current = Atomic<Int>(BenchPhase.warmUp)

    var value: Int {
        get { current.load(ordering: .relaxed) }
        set { current.store(newValue, ordering: .relaxed) }
    }
}
