import Foundation
import Snapshot
import Testing
@testable import Actors

/// Snapshot + replay ≡ full replay ≡ the live state, for seeded random operation sequences: the chat components'
/// capture contract (a state includes exactly the records up to its LSN) and the codecs, checked end to end.
/// Every failure message names the seed; `PARLEY_LONG_TESTS=1` runs more seeds.
@Suite struct ChatSnapshotReplayTests {
    static let seeds: [UInt64] = long ? Array(1...24) : [11, 23, 37, 41, 53]
    static let operations = long ? 600 : 240
    static var long: Bool { ProcessInfo.processInfo.environment["PARLEY_LONG_TESTS"] == "1" }

    /// Recovers a copy of `storage` (as a process crash would leave it) and dumps what it serves.
    func recovered(_ storage: FaultyStorage, withoutSnapshots: Bool = false) async throws -> (StateDump, RecoveryReport) {
        let copy = storage.copy()
        if withoutSnapshots { try ChatNode.removeSnapshots(copy) }
        let node = try ChatNode.open(storage: copy)
        defer { node.close() }
        return (await StateDump.take(node.runtime), node.report)
    }

    func compare(_ live: StateDump, _ other: StateDump, seed: UInt64, _ what: String) {
        #expect(live == other, "seed \(seed), \(what): \(live.differences(from: other))")
    }

    @Test(arguments: seeds)
    func snapshotAtARandomPointPlusReplayEqualsFullReplay(seed: UInt64) async throws {
        let storage = FaultyStorage(), clock = ManualChatClock()
        let node = try ChatNode.open(storage: storage, clock: clock)
        defer { node.close() }
        var work = ChatWorkload(seed: seed)
        let cut = Int.random(in: 1..<Self.operations, using: &work.rng)
        try await work.run(cut, on: node, clock: clock)
        _ = try await node.engine.takeSnapshot()
        try await work.run(Self.operations - cut, on: node, clock: clock)
        let live = await StateDump.take(node.runtime)
        #expect(work.refused > 0 && work.refused < work.ran, "seed \(seed): the workload refused \(work.refused) of \(work.ran)")
        let stored = live.channels.values.reduce(0) { $0 + $1.posts.count }
        #expect(stored > 0 && live.teams.count > 0 && live.directory.users.count > 1, "seed \(seed): a workload worth replaying")
        let (fromSnapshot, report) = try await recovered(storage)
        #expect(report.snapshot != nil && report.replayedRecords < node.journal.lastLSN, "seed \(seed)")
        compare(live, fromSnapshot, seed: seed, "snapshot at op \(cut) + replay")
        let (full, fullReport) = try await recovered(storage, withoutSnapshots: true)
        #expect(fullReport.snapshot == nil && fullReport.replayedRecords == node.journal.lastLSN, "seed \(seed)")
        compare(live, full, seed: seed, "full replay")
    }

    @Test(arguments: seeds)
    func snapshotTakenWhileOperationsContinue(seed: UInt64) async throws {
        let storage = FaultyStorage(), clock = ManualChatClock()
        let node = try ChatNode.open(storage: storage, clock: clock)
        defer { node.close() }
        var work = ChatWorkload(seed: seed &* 7919)
        try await work.run(Self.operations / 2, on: node, clock: clock)
        let engine = node.engine
        async let snapshot = engine.takeSnapshot()
        try await work.run(Self.operations / 4, on: node, clock: clock)
        let info = try await snapshot
        try await work.run(Self.operations / 4, on: node, clock: clock)
        let live = await StateDump.take(node.runtime)
        let (fromSnapshot, report) = try await recovered(storage)
        #expect(report.snapshot?.lsn == info.lsn, "seed \(seed)")
        compare(live, fromSnapshot, seed: seed, "snapshot taken while serving + replay")
        let (full, _) = try await recovered(storage, withoutSnapshots: true)
        compare(live, full, seed: seed, "full replay")
    }

    /// A recovered node serves on: more operations and a second snapshot, recovered again, still agree.
    @Test(arguments: seeds)
    func recoveredNodeKeepsServingAndRecoversAgain(seed: UInt64) async throws {
        let storage = FaultyStorage(), clock = ManualChatClock()
        var work = ChatWorkload(seed: seed &+ 1_000_003)
        do {
            let first = try ChatNode.open(storage: storage, clock: clock)
            try await work.run(Self.operations / 2, on: first, clock: clock)
            _ = try await first.engine.takeSnapshot()
            try await work.run(Self.operations / 4, on: first, clock: clock)
            first.close()
        }
        let second = try ChatNode.open(storage: storage, clock: clock)
        defer { second.close() }
        try await work.run(Self.operations / 4, on: second, clock: clock)
        _ = try await second.engine.takeSnapshot()
        try await work.run(Self.operations / 4, on: second, clock: clock)
        let live = await StateDump.take(second.runtime)
        let (again, _) = try await recovered(storage)
        compare(live, again, seed: seed, "second restart")
        let (full, _) = try await recovered(storage, withoutSnapshots: true)
        compare(live, full, seed: seed, "full replay across both lives")
    }
}
