import Testing
@testable import Snapshot

/// T9: a crash at each storage call of writing a snapshot — the temp file's writes, its fsync, the rename,
/// the directory fsync, the deletion of old snapshots and segments — always recovers to the latest durable
/// state.
struct SnapshotCrashTests {
    static let mutating: Set<String> = ["write", "fdatasync", "fsync", "truncate", "zeroFill", "makeDirectory", "rename",
                                        "remove", "fsyncDirectory"]

    /// 150 durable records with two snapshots taken, so a third snapshot also deletes old ones.
    static func base() async throws -> (Harness, [KVOp]) {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 31, count: 150, fillerMax: 500)
        try await Harness.run(Array(ops[0..<50]), on: engine, stores: stores)
        _ = try await engine.takeSnapshot()
        try await Harness.run(Array(ops[50..<100]), on: engine, stores: stores)
        _ = try await engine.takeSnapshot()
        try await Harness.run(Array(ops[100...]), on: engine, stores: stores)
        engine.close()
        return (h, ops)
    }

    static func openQuiet(_ h: Harness) async throws -> DurabilityEngine {
        let (engine, _, _) = try h.open()
        #expect(await Harness.eventually { engine.journal.preparedSegmentReady })
        return engine
    }

    @Test func crashAtEveryStepOfASnapshotRecoversTheLatestDurableState() async throws {
        let (base, ops) = try await Self.base()
        let dry = base.copy()
        let engine = try await Self.openQuiet(dry)
        dry.storage.setLogging(true)
        _ = try await engine.takeSnapshot()
        let log = dry.storage.operationLog().filter { Self.mutating.contains(String($0.prefix { $0 != " " })) }
        engine.close()
        for step in ["write /data/snapshots/snapshot.tmp", "fsync /data/snapshots/snapshot.tmp",
                     "rename /data/snapshots/snapshot.tmp -> /data/snapshots/snapshot-", "fsyncDirectory /data/snapshots",
                     "remove /data/snapshots/snapshot-", "remove /data/journal/", "fsyncDirectory /data/journal"] {
            #expect(log.contains { $0.hasPrefix(step) }, "the snapshot performs \(step): \(log)")
        }
        let renamed = log.firstIndex { $0.hasPrefix("rename /data/snapshots/snapshot.tmp") }!
        let published = log[renamed...].firstIndex { $0 == "fsyncDirectory /data/snapshots" }!
        for crashAfter in 0...log.count {
            for mode in [FaultyStorage.CrashMode.dropAll, .randomSubset(seed: UInt64(crashAfter))] {
                let h = base.copy()
                let engine = try await Self.openQuiet(h)
                h.storage.freeze(afterOperations: crashAfter)
                let snapshot = try? await engine.takeSnapshot()
                engine.close()
                h.storage.crash(mode)
                let label = "crash after \(crashAfter) of \(log.count) calls (\(crashAfter < log.count ? log[crashAfter] : "none")), \(mode)"
                #expect((snapshot != nil) == (crashAfter > published), "\(label)")
                let (again, restored, report) = try h.open()
                again.close()
                if let snapshot {
                    #expect(report.snapshot?.fileName == snapshot.fileName, "\(label): a published snapshot survives")
                }
                #expect(report.lastLSN == 150, "\(label)")
                let same = Harness.combined(restored) == KVState.model(ops)
                #expect(same, "\(label)")
            }
        }
    }
}
