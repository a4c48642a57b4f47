import Glibc
import Testing
@testable import Snapshot

/// T6/T7: a failed write or sync is never retried and trusted: the journal stops acknowledging, goes
/// read-only and logs once; a full disk makes it read-only until a probe write and sync succeed.
struct FaultTests {
    @Test(arguments: [FaultyStorage.Operation.fdatasync, .write])
    func ioErrorMakesTheJournalReadOnlyUntilRestart(operation: FaultyStorage.Operation) async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 20, count: 30)
        try await Harness.run(Array(ops[0..<10]), on: engine, stores: stores)
        h.storage.failNext(operation, errno: EIO, pathContains: ".seg")
        let failing = try Harness.store(for: ops[10], in: stores).mutate(ops[10], journal: engine.journal)
        await #expect(throws: DurabilityError.self) { try await engine.journal.durable(failing) }
        guard case .readOnly(let cause) = engine.durabilityState else {
            Issue.record("state \(engine.durabilityState)")
            return
        }
        #expect(!cause.isDiskFull)
        #expect(!engine.journal.isWritable)
        #expect(throws: DurabilityError.readOnly(cause: cause)) {
            try engine.journal.append(kind: 1, payload: ops[11].encoded())
        }
        try await engine.journal.durable(10)  // what was durable stays readable
        // A later sync that would succeed changes nothing: the journal never trusts a retried sync.
        h.clock.advance(millis: 60_000)
        try await Task.sleep(for: .milliseconds(50))
        #expect(engine.durabilityState == .readOnly(cause))
        #expect(h.logs.count(.critical, containing: "read-only until restart") == 1, "logged once")
        engine.close()
        h.storage.crash(.dropAll)
        let (again, restored, report) = try h.open()
        defer { again.close() }
        #expect(report.lastLSN >= 10 && report.lastLSN <= 11)
        let same = Harness.combined(restored) == KVState.model(ops.prefix(Int(report.lastLSN)))
        #expect(same)
    }

    @Test func fullDiskOnARecordWriteResumesAfterAProbeSucceeds() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        defer { engine.close() }
        let ops = Harness.randomOps(seed: 21, count: 30)
        try await Harness.run(Array(ops[0..<10]), on: engine, stores: stores)
        h.storage.failNext(.write, errno: ENOSPC, pathContains: ".seg")
        let stuck = try Harness.store(for: ops[10], in: stores).mutate(ops[10], journal: engine.journal)
        await #expect(throws: DurabilityError.self) { try await engine.journal.durable(stuck) }
        guard case .diskFull(let cause) = engine.durabilityState else {
            Issue.record("state \(engine.durabilityState)")
            return
        }
        #expect(cause.isDiskFull)
        #expect(performing: { try engine.journal.append(kind: 1, payload: ops[11].encoded()) },
                throws: { ($0 as? DurabilityError)?.isDiskFull == true })
        #expect(h.logs.count(.error, containing: "disk full") == 1)
        h.clock.advance(millis: h.configuration.diskFullProbeMillis)
        #expect(await Harness.eventually { engine.durabilityState == .writable }, "resumes by itself")
        #expect(engine.journal.durableLSN == 11, "the stuck record was written at the probe")
        try await Harness.run(Array(ops[11...]), on: engine, stores: stores)
        #expect(h.logs.count(.notice, containing: "writes resume") == 1)
        engine.close()
        h.storage.crash(.dropAll)
        let (again, restored, report) = try h.open()
        defer { again.close() }
        #expect(report.lastLSN == 30 && report.tornTail == nil, "no partial record on disk")
        let same = Harness.combined(restored) == KVState.model(ops)
        #expect(same)
    }

    @Test func diskFullWhenPreparingTheNextSegmentBlocksRotationUntilSpaceReturns() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        defer { engine.close() }
        // Room for the files that exist now, but not for another 16 KiB segment.
        h.storage.capacityBytes = h.storage.usedBytes + 1024
        let ops = (0..<200).map { KVOp.set(key: UInt64($0 % 7), value: UInt64($0), filler: 400) }
        var acknowledged = 0
        for op in ops {
            guard let lsn = try? Harness.store(for: op, in: stores).mutate(op, journal: engine.journal),
                  (try? await engine.journal.durable(lsn)) != nil else { break }
            acknowledged += 1
        }
        #expect(acknowledged > 10 && acknowledged < 200)
        #expect(engine.durabilityState.isDiskFull)
        h.clock.advance(millis: h.configuration.diskFullProbeMillis)
        try await Task.sleep(for: .milliseconds(50))
        #expect(engine.durabilityState.isDiskFull, "the probe fails while the disk is still full")
        h.storage.capacityBytes = .max
        h.clock.advance(millis: h.configuration.diskFullProbeMillis)
        #expect(await Harness.eventually { engine.durabilityState == .writable })
        let appended = Int(engine.journal.lastLSN)
        try await engine.journal.durable(LSN(appended))
        engine.close()
        h.storage.crash(.dropAll)
        let (again, restored, report) = try h.open()
        defer { again.close() }
        #expect(report.lastLSN == LSN(appended) && report.tornTail == nil)
        let same = Harness.combined(restored) == KVState.model(ops.prefix(appended))
        #expect(same)
    }

    @Test func failedZeroFillIsRetriedAsAProbe() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        defer { engine.close() }
        h.storage.failAlways(.zeroFill, errno: ENOSPC)
        let ops = (0..<120).map { KVOp.set(key: UInt64($0 % 5), value: UInt64($0), filler: 400) }
        for op in ops {
            guard let lsn = try? Harness.store(for: op, in: stores).mutate(op, journal: engine.journal),
                  (try? await engine.journal.durable(lsn)) != nil else { break }
        }
        #expect(engine.durabilityState.isDiskFull)
        h.storage.clearFaults()
        h.clock.advance(millis: h.configuration.diskFullProbeMillis)
        #expect(await Harness.eventually { engine.durabilityState == .writable })
    }
}

extension DurabilityState {
    var isDiskFull: Bool {
        if case .diskFull = self { return true }
        return false
    }
}
