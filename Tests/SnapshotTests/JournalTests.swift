import Glibc
import Testing
@testable import Snapshot

/// The journal's API contract: LSN order, the checks done before an LSN is assigned, the policies.
struct JournalTests {
    @Test func appendsGetConsecutiveLSNsAndSurviveARestart() async throws {
        let h = Harness()
        let (engine, stores, report) = try h.open()
        #expect(report.lastLSN == 0)
        let ops = Harness.randomOps(seed: 1, count: 50)
        let lsns = try await Harness.run(ops, on: engine, stores: stores)
        #expect(lsns == Array(1...50))
        #expect(engine.journal.durableLSN == 50)
        engine.close()
        let (again, restored, second) = try h.open()
        defer { again.close() }
        #expect(second.lastLSN == 50 && second.replayedRecords == 50 && second.tornTail == nil)
        #expect(Harness.combined(restored) == KVState.model(ops))
        #expect(try again.journal.append(kind: 1, payload: KVOp.set(key: 1, value: 1, filler: 0).encoded()) == 51)
    }

    @Test func oversizedRecordIsRejectedBeforeAnLSNIsAssigned() async throws {
        let h = Harness()
        let (engine, _, _) = try h.open()
        defer { engine.close() }
        #expect(throws: DurabilityError.recordTooLarge(bytes: 2049, limit: 2048)) {
            try engine.journal.append(kind: 1, payload: [UInt8](repeating: 1, count: 2049))
        }
        let lsn = try engine.journal.append(kind: 1, payload: KVOp.set(key: 2, value: 3, filler: 2048 - 16).encoded())
        #expect(lsn == 1, "the rejected record took no LSN")
        try await engine.journal.durable(lsn)
    }

    @Test func appendThrowsOverloadedWhenThePendingBoundIsReached() async throws {
        var h = Harness()
        h.configuration.pendingBytesMax = 4096
        let (engine, _, _) = try h.open()
        defer { engine.close() }
        h.storage.closeSyncGate()
        let first = try engine.journal.append(kind: 1, payload: [UInt8](repeating: 7, count: 100))
        #expect(await Harness.eventually { h.storage.syncsWaitingAtGate == 1 })
        var accepted: [LSN] = []
        var overloaded = false
        for _ in 0..<100 {
            do {
                accepted.append(try engine.journal.append(kind: 1, payload: [UInt8](repeating: 7, count: 100)))
            } catch DurabilityError.overloaded {
                overloaded = true
                break
            }
        }
        #expect(overloaded)
        #expect(accepted == Array((first + 1)...(first + LSN(accepted.count))), "no LSN was skipped")
        h.storage.openSyncGate()
        try await engine.journal.durable(accepted.last!)
        #expect(try engine.journal.append(kind: 1, payload: [1]) == accepted.last! + 1)
    }

    @Test func appendBeforeStartAndAfterCloseThrows() throws {
        let h = Harness()
        let engine = try DurabilityEngine(directory: Harness.directory, configuration: h.configuration, storage: h.storage,
                                          clock: h.clock, logger: h.logs.logger)
        #expect(throws: DurabilityError.notStarted) { try engine.journal.append(kind: 1, payload: []) }
        try engine.start()
        #expect(try engine.journal.append(kind: 1, payload: []) == 1)
        engine.close()
        #expect(throws: DurabilityError.closed) { try engine.journal.append(kind: 1, payload: []) }
        #expect(engine.durabilityState == .closed)
    }

    @Test func memoryPolicyAcknowledgesAtOnceAndWritesNothing() async throws {
        let h = Harness(policy: .memory)
        let (engine, stores, _) = try h.open()
        let notified = LSNBox()
        engine.journal.onDurable { notified.set($0) }
        let lsns = try await Harness.run(Harness.randomOps(seed: 3, count: 20), on: engine, stores: stores)
        #expect(engine.journal.durableLSN == lsns.last)
        #expect(await Harness.eventually { notified.value == 20 })
        engine.close()
        #expect(h.storage.count(.write) == 0 && h.storage.count(.fdatasync) == 0)
    }

    @Test func durableHandlerSeesTheWatermarkAdvance() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        defer { engine.close() }
        let notified = LSNBox()
        engine.journal.onDurable { notified.set($0) }
        try await Harness.run(Harness.randomOps(seed: 4, count: 10), on: engine, stores: stores)
        #expect(await Harness.eventually { notified.value == 10 })
        #expect(engine.journal.syncedLSN == 10)
    }

    @Test func recordsRotateAcrossSegmentsAndRecoverInOrder() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 5, count: 300, fillerMax: 1500)
        try await Harness.run(ops, on: engine, stores: stores)
        engine.close()
        let segments = try h.segmentNames()
        #expect(segments.count > 5, "small segments rotate: \(segments)")
        let (again, restored, report) = try h.open()
        defer { again.close() }
        #expect(report.lastLSN == 300)
        #expect(Harness.combined(restored) == KVState.model(ops))
    }
}

/// A thread-safe LSN cell for callbacks.
final class LSNBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var stored: LSN = 0

    func set(_ v: LSN) { lock.with { stored = max(stored, v) } }
    var value: LSN { lock.with { stored } }
}

/// A minimal pthread mutex for test helpers.
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }

    func with<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
