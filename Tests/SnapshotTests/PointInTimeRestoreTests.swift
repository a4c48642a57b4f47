import Testing
@testable import Snapshot

/// `restore --to`: the engine function the CLI calls gives exactly the state of the records up to the
/// target, from the newest snapshot at or before it (live or archived) plus the journal.
struct PointInTimeRestoreTests {
    static let stepMillis: Int64 = 1000

    /// 250 records one second apart, snapshots after 60, 120 and 180 (the first then archived), with an
    /// archive retention window so old segments move to `archive/`.
    static func source() async throws -> (Harness, [KVOp], startMillis: Int64) {
        let h = Harness { $0.archiveRetentionMillis = 24 * 3600 * 1000 }
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 41, count: 250, fillerMax: 400)
        let start = h.clock.wallClockMillis()
        for (i, op) in ops.enumerated() {
            h.clock.advance(millis: stepMillis)
            try await Harness.run([op], on: engine, stores: stores)
            if [60, 120, 180].contains(i + 1) { _ = try await engine.takeSnapshot() }
        }
        engine.close()
        return (h, ops, start)
    }

    static func restored(_ source: Harness, target: RestoreTarget, into root: String) throws -> (RestoreReport, KVState, RecoveryReport) {
        let restore = PointInTimeRestore(storage: source.storage, clock: source.clock, logger: source.logs.logger,
                                         segmentBytes: source.configuration.segmentBytes, makeEpoch: { 0x5E5E })
        let report = try restore.restore(from: Harness.directory, to: target, into: root)
        var h = source
        h.root = root
        h.configuration.archiveRetentionMillis = nil
        let (engine, stores, recovery) = try h.open()
        engine.close()
        return (report, Harness.combined(stores), recovery)
    }

    @Test func restoreToAnLSNGivesExactlyThatPrefix() async throws {
        let (h, ops, _) = try await Self.source()
        #expect(try h.storage.list("/data/archive").contains { $0.hasSuffix(".snap") }, "the oldest snapshot was archived")
        #expect(try h.storage.list("/data/archive").contains { $0.hasSuffix(".seg") }, "old segments were archived")
        for (index, lsn) in [0, 1, 37, 60, 61, 119, 150, 181, 249, 250].enumerated() {
            let (report, state, recovery) = try Self.restored(h, target: .lsn(LSN(lsn)), into: "/restore-\(index)")
            #expect(report.lsn == LSN(lsn) && recovery.lastLSN == LSN(lsn), "LSN \(lsn)")
            #expect(report.epoch == 0x5E5E && recovery.epoch == 0x5E5E)
            let same = state == KVState.model(ops.prefix(lsn))
            #expect(same, "LSN \(lsn) via \(report.snapshot ?? "the journal alone")")
            if lsn >= 120 { #expect(report.snapshot != nil, "LSN \(lsn) starts from a snapshot") }
        }
    }

    @Test func restoreToATimestampStopsBeforeTheFirstLaterRecord() async throws {
        let (h, ops, start) = try await Self.source()
        for (index, k) in [0, 5, 90, 121, 200, 250].enumerated() {
            let target = start + Int64(k) * Self.stepMillis + Self.stepMillis / 2
            let (report, state, _) = try Self.restored(h, target: .timestamp(target), into: "/ts-\(index)")
            #expect(report.lsn == LSN(k), "timestamp after record \(k)")
            let same = state == KVState.model(ops.prefix(k))
            #expect(same, "timestamp after record \(k)")
        }
    }

    @Test func restoreRefusesWhatItCannotDo() async throws {
        let (h, _, _) = try await Self.source()
        let restore = PointInTimeRestore(storage: h.storage, clock: h.clock, logger: h.logs.logger,
                                         segmentBytes: h.configuration.segmentBytes)
        #expect(performing: { try restore.restore(from: "/data", to: .lsn(251), into: "/r1") },
                throws: { if case DurabilityError.restoreTarget = $0 { return true } else { return false } })
        #expect(performing: { try restore.restore(from: "/data", to: .lsn(10), into: "/data") },
                throws: { if case DurabilityError.restoreTarget = $0 { return true } else { return false } })
        // A restore that died half-way leaves its marker, and the engine will not start there.
        let dying = h.copy()
        dying.storage.freeze(afterOperations: 12)
        let restoreDying = PointInTimeRestore(storage: dying.storage, clock: dying.clock, logger: dying.logs.logger,
                                              segmentBytes: dying.configuration.segmentBytes)
        #expect(throws: DurabilityError.self) { try restoreDying.restore(from: "/data", to: .lsn(200), into: "/half") }
        dying.storage.crash(.keepAll)
        var half = dying
        half.root = "/half"
        #expect(performing: { try half.open() },
                throws: { if case DurabilityError.restoreTarget = $0 { return true } else { return false } })
    }

    @Test func withoutAnArchiveOnlyPointsAfterTheOldestKeptSnapshotCanBeRestored() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 42, count: 200, fillerMax: 400)
        for (i, op) in ops.enumerated() {
            try await Harness.run([op], on: engine, stores: stores)
            if [60, 120, 180].contains(i + 1) { _ = try await engine.takeSnapshot() }
        }
        engine.close()
        let restore = PointInTimeRestore(storage: h.storage, clock: h.clock, logger: h.logs.logger,
                                         segmentBytes: h.configuration.segmentBytes)
        #expect(performing: { try restore.restore(from: "/data", to: .lsn(30), into: "/early") },
                throws: { if case DurabilityError.restoreTarget = $0 { return true } else { return false } })
        let (report, state, _) = try Self.restored(h, target: .lsn(190), into: "/late")
        #expect(report.lsn == 190)
        let same = state == KVState.model(ops.prefix(190))
        #expect(same)
    }
}
