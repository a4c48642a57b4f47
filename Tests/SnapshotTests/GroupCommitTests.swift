import Testing
@testable import Snapshot

/// Group commit, shown by counting fdatasync calls rather than by timing.
struct GroupCommitTests {
    @Test func sixtyFourConcurrentAppendsTakeAtMostTwoSyncs() async throws {
        let h = Harness()
        let (engine, _, _) = try h.open(parities: [nil])
        defer { engine.close() }
        let journal = engine.journal
        h.storage.resetCounts()
        // Hold the writer inside the first batch's fdatasync until all 64 records are appended: whatever
        // the scheduling, the rest must then travel as one batch with one sync.
        h.storage.closeSyncGate()
        try await withThrowingTaskGroup(of: LSN.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let lsn = try journal.append(kind: 1, payload: KVOp.set(key: UInt64(i), value: 1, filler: 10).encoded())
                    try await journal.durable(lsn)
                    return lsn
                }
            }
            #expect(await Harness.eventually { journal.lastLSN == 64 })
            h.storage.openSyncGate()
            var acknowledged: [LSN] = []
            for try await lsn in group { acknowledged.append(lsn) }
            #expect(acknowledged.sorted() == Array(1...64))
        }
        #expect(h.storage.count(.fdatasync) <= 2, "fdatasync calls: \(h.storage.count(.fdatasync))")
        #expect(journal.statistics.syncs <= 2)
    }

    @Test func waitersResumeInLSNOrderAfterOneSync() async throws {
        let h = Harness()
        let (engine, _, _) = try h.open(parities: [nil])
        defer { engine.close() }
        let journal = engine.journal
        let order = OrderLog()
        h.storage.closeSyncGate()
        let first = try journal.append(kind: 1, payload: [0])
        #expect(await Harness.eventually { h.storage.syncsWaitingAtGate == 1 })
        let lsns = try (0..<20).map { _ in try journal.append(kind: 1, payload: [1]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lsn in lsns.reversed() {
                group.addTask {
                    try await journal.durable(lsn)
                    order.append(lsn)
                }
            }
            group.addTask { try await journal.durable(first) }
            #expect(await Harness.eventually { journal.lock.withLock { journal.core.durableWaiters.count } == 21 })
            h.storage.openSyncGate()
            try await group.waitForAll()
        }
        // Resumption happens in LSN order; the tasks then run concurrently, so only the set is checked here
        // and the order is checked on the heap the writer drains.
        #expect(order.values.sorted() == lsns)
    }

    @Test func theBatchWindowGathersRecordsBeforeTheFirstWrite() async throws {
        var h = Harness()
        h.configuration.batchWindowMicros = 1000
        let (engine, _, _) = try h.open(parities: [nil])
        defer { engine.close() }
        let journal = engine.journal
        let before = journal.statistics.syncs
        let lsns = try (0..<5).map { _ in try journal.append(kind: 1, payload: [1, 2, 3]) }
        // The injected clock has not moved, so the window is still open and nothing is written yet.
        #expect(journal.durableLSN == 0)
        h.clock.advance(millis: 1)
        try await journal.durable(lsns.last!)
        #expect(journal.statistics.syncs == before + 1, "one batch for all five records")
    }
}

final class OrderLog: @unchecked Sendable {
    private let lock = NSLockLike()
    private var stored: [LSN] = []

    func append(_ v: LSN) { lock.with { stored.append(v) } }
    var values: [LSN] { lock.with { stored } }
}
