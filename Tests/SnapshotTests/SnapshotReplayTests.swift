import Testing
@testable import Snapshot

/// T8: snapshot ≡ replay. Random operation sequences give the same state by full replay from an empty
/// journal and by a snapshot at a random point plus replay — including a snapshot taken while appends
/// continue, whose components are captured at different LSNs.
struct SnapshotReplayTests {
    static let seeds: [UInt64] = Array(1...(Harness.long ? 200 : 20))

    @Test(arguments: seeds)
    func snapshotPlusReplayEqualsFullReplay(seed: UInt64) async throws {
        var rng = SeededRandom(seed: seed)
        let ops = Harness.randomOps(seed: seed, count: Int.random(in: 20...200, using: &rng))
        let cut = Int.random(in: 0...ops.count, using: &rng)

        let full = Harness()
        let (a, storesA, _) = try full.open()
        try await Harness.run(ops, on: a, stores: storesA)
        a.close()
        let (a2, replayed, reportA) = try full.open()
        a2.close()
        #expect(reportA.snapshot == nil && reportA.replayedRecords == UInt64(ops.count))

        let snap = Harness()
        let (b, storesB, _) = try snap.open()
        try await Harness.run(Array(ops[..<cut]), on: b, stores: storesB)
        let info = try await b.takeSnapshot()
        try await Harness.run(Array(ops[cut...]), on: b, stores: storesB)
        b.close()
        let (b2, restored, reportB) = try snap.open()
        b2.close()
        #expect(reportB.snapshot?.fileName == info.fileName, "seed \(seed)")
        #expect(reportB.replayedRecords == UInt64(ops.count) - info.baseLSN, "seed \(seed): only records after the snapshot's base")
        let model = KVState.model(ops)
        let equal = Harness.combined(replayed) == model && Harness.combined(restored) == model
        #expect(equal, "seed \(seed), snapshot after \(cut) of \(ops.count)")
    }

    @Test(arguments: seeds.prefix(8))
    func snapshotTakenWhileAppendsContinue(seed: UInt64) async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: seed &+ 1000, count: 300)
        let ledger = Ledger()
        async let writers: Void = withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<3 {
                group.addTask {
                    for op in stride(from: lane, to: ops.count, by: 3).map({ ops[$0] }) {
                        let lsn = try Harness.store(for: op, in: stores).mutate(op, journal: engine.journal)
                        ledger.appended(lsn, op)
                        try await engine.journal.durable(lsn)
                    }
                }
            }
            try await group.waitForAll()
        }
        var snapshots: [SnapshotFileInfo] = []
        for _ in 0..<3 {
            await Task.yield()
            snapshots.append(try await engine.takeSnapshot())
        }
        try await writers
        engine.close()
        let (again, restored, report) = try h.open()
        again.close()
        #expect(report.lastLSN == 300)
        #expect(report.snapshot?.fileName == snapshots.map(\.fileName).max())
        let equal = Harness.combined(restored) == KVState.model(ledger.ops(through: 300))
        let sectionLSNs = snapshots.map { $0.sections.map(\.lsn) }
        #expect(equal, "seed \(seed); snapshots \(sectionLSNs)")
    }

    @Test func capturesAreSerialisedInChunksAndReadBackExactly() async throws {
        var h = Harness()
        h.configuration.snapshotChunkBytes = 64
        let (engine, stores, _) = try h.open()
        let ops = (0..<500).map { KVOp.set(key: UInt64($0), value: UInt64($0) &* 7, filler: 0) }
        try await Harness.run(ops, on: engine, stores: stores)
        let info = try await engine.takeSnapshot()
        engine.close()
        #expect(info.sections.map(\.name) == ["kv0", "kv1"])
        let expectedBytes: [UInt64] = [8 + 250 * 16, 8 + 250 * 16]
        #expect(info.sections.map(\.bytes) == expectedBytes)
        let verified = try SnapshotFile.verify(path: "/data/snapshots/" + info.fileName, storage: h.storage)
        #expect(verified.sections == info.sections && verified.lsn == 500)
        let (again, restored, report) = try h.open()
        again.close()
        #expect(info.baseLSN == 499 && report.replayedRecords == 1, "kv0 last wrote LSN 499, so LSN 500 is replayed")
        let equal = Harness.combined(restored) == KVState.model(ops)
        #expect(equal)
    }
}
