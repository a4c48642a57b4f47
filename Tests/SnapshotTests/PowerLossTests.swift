import Testing
@testable import Snapshot

/// T2: simulated power loss with FaultyStorage. The process "dies" after a seeded number of storage calls
/// while four tasks append and wait; then unsynced bytes are dropped (all, or a seeded subset of sectors).
struct PowerLossTests {
    static let seeds: [UInt64] = Array(1...(Harness.long ? 400 : 40))

    @Test(arguments: seeds)
    func durableModeLosesNothingAcknowledged(seed: UInt64) async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        var rng = SeededRandom(seed: seed)
        let ops = Harness.randomOps(seed: seed, count: 120)
        h.storage.freeze(afterOperations: Int.random(in: 3...120, using: &rng))
        let ledger = Ledger()
        await withTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for op in stride(from: lane, to: ops.count, by: 4).map({ ops[$0] }) {
                        guard let lsn = try? Harness.store(for: op, in: stores).mutate(op, journal: engine.journal) else { return }
                        ledger.appended(lsn, op)
                        guard (try? await engine.journal.durable(lsn)) != nil else { return }
                        ledger.acknowledged(lsn)
                    }
                }
            }
        }
        engine.close()
        let mode: FaultyStorage.CrashMode = seed % 2 == 0 ? .dropAll : .randomSubset(seed: seed)
        h.storage.crash(mode)
        let (again, restored, report) = try h.open()
        defer { again.close() }
        #expect(report.lastLSN >= ledger.maxAcknowledged, "seed \(seed) \(mode): acknowledged LSN \(ledger.maxAcknowledged) lost, recovered to \(report.lastLSN)")
        #expect(Harness.combined(restored) == KVState.model(ledger.ops(through: report.lastLSN)), "seed \(seed) \(mode)")
    }

    @Test func relaxedModeLosesOnlyWhatWasAcknowledgedWithinTheInterval() async throws {
        let h = Harness(policy: .relaxed) { $0.relaxedSyncIntervalMillis = 100 }
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 77, count: 21)
        try await Harness.run(Array(ops[0..<10]), on: engine, stores: stores)
        #expect(engine.journal.durableLSN == 10 && engine.journal.syncedLSN == 0, "acknowledged once written")
        h.clock.advance(millis: 101)
        try await Harness.run([ops[10]], on: engine, stores: stores)
        #expect(engine.journal.syncedLSN == 11, "the interval passed: the batch was synced")
        try await Harness.run(Array(ops[11...]), on: engine, stores: stores)
        #expect(engine.journal.durableLSN == 21 && engine.journal.syncedLSN == 11)
        h.storage.freeze(afterOperations: 0)
        engine.close()
        h.storage.crash(.dropAll)
        let (again, restored, report) = try h.open()
        defer { again.close() }
        // The loss is exactly what was acknowledged after the last sync, all within one interval (the
        // injected clock did not move after it).
        #expect(report.lastLSN == 11)
        #expect(Harness.combined(restored) == KVState.model(ops[0..<11]))
    }

    @Test func relaxedModeSyncsByItselfWhenTheIntervalPassesAndLosesNothingOnAProcessCrash() async throws {
        let h = Harness(policy: .relaxed) { $0.relaxedSyncIntervalMillis = 100 }
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 78, count: 30)
        try await Harness.run(Array(ops[0..<20]), on: engine, stores: stores)
        #expect(engine.journal.syncedLSN == 0)
        h.clock.advance(millis: 100)
        #expect(await Harness.eventually { engine.journal.syncedLSN == 20 }, "idle writer syncs once the interval passed")
        try await Harness.run(Array(ops[20...]), on: engine, stores: stores)
        h.storage.freeze(afterOperations: 0)
        engine.close()
        h.storage.crash(.keepAll)
        let (again, restored, report) = try h.open()
        defer { again.close() }
        #expect(report.lastLSN == 30, "a process crash keeps what was written")
        #expect(Harness.combined(restored) == KVState.model(ops))
    }

    @Test func flushSyncsARelaxedJournalAtOnce() async throws {
        let h = Harness(policy: .relaxed) { $0.relaxedSyncIntervalMillis = 100_000 }
        let (engine, stores, _) = try h.open()
        defer { engine.close() }
        try await Harness.run(Harness.randomOps(seed: 79, count: 5), on: engine, stores: stores)
        #expect(engine.journal.syncedLSN == 0)
        try await engine.journal.flush()
        #expect(engine.journal.syncedLSN == 5)
    }
}

/// What the workload appended and what was acknowledged, by LSN.
final class Ledger: @unchecked Sendable {
    private let lock = NSLockLike()
    private var byLSN: [LSN: KVOp] = [:]
    private var acked: LSN = 0

    func appended(_ lsn: LSN, _ op: KVOp) { lock.with { byLSN[lsn] = op } }
    func acknowledged(_ lsn: LSN) { lock.with { acked = max(acked, lsn) } }
    var maxAcknowledged: LSN { lock.with { acked } }

    /// The operations with LSNs 1...lsn in LSN order (all of them were appended).
    func ops(through lsn: LSN) -> [KVOp] {
        lock.with { lsn == 0 ? [] : (1...lsn).map { byLSN[$0]! } }
    }
}
