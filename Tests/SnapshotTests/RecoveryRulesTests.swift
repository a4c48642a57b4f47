import Testing
@testable import Snapshot

/// Item 5's refusals and the housekeeping around snapshots.
struct RecoveryRulesTests {
    @Test func aRecordKindNoComponentKnowsStopsStartUpWithAVersionError() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        try await Harness.run(Harness.randomOps(seed: 50, count: 5), on: engine, stores: stores)
        let lsn = try engine.journal.append(kind: 99, payload: [1, 2, 3])
        try await engine.journal.durable(lsn)
        engine.close()
        #expect(throws: DurabilityError.unknownRecordKind(kind: 99, lsn: 6, segment: "00000000000000000001.seg")) {
            try h.open()
        }
        #expect(throws: DurabilityError.unknownRecordKind(kind: 99, lsn: 6, segment: "00000000000000000001.seg")) {
            try h.open(options: RecoveryOptions(acceptDataLoss: true))
        }
    }

    @Test func aMissingMiddleSegmentIsAGap() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        try await Harness.run(Harness.randomOps(seed: 51, count: 200, fillerMax: 800), on: engine, stores: stores)
        engine.close()
        let segments = try h.segmentNames()
        #expect(segments.count >= 3)
        try h.storage.remove("/data/journal/" + segments[1])
        #expect(performing: { try h.open() }, throws: { error in
            guard case DurabilityError.journalGap(let name, _, _) = error else { return false }
            return name == segments[2]
        })
        let (again, _, report) = try h.open(options: RecoveryOptions(acceptDataLoss: true))
        again.close()
        #expect(report.discardedSegments == Array(segments[2...]))
        #expect(report.lastLSN == SegmentName.parseSegment(segments[1])! - 1)
    }

    @Test func aSegmentFromAnotherDirectoryIsRefused() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        try await Harness.run(Harness.randomOps(seed: 52, count: 120, fillerMax: 800), on: engine, stores: stores)
        engine.close()
        let last = "/data/journal/" + (try h.segmentNames().last!)
        var bytes = h.storage.contents(of: last)!
        var header = try SegmentHeader.decode(Array(bytes[0..<64]), file: "x")
        header.epoch = 0xBAD
        bytes.replaceSubrange(0..<64, with: header.encoded())
        h.storage.replaceContents(of: last, with: bytes)
        #expect(performing: { try h.open() }, throws: { error in
            if case DurabilityError.epochMismatch(_, 0xE90C_0001, 0xBAD) = error { return true }
            return false
        })
    }

    @Test func registrationRules() throws {
        let h = Harness()
        let engine = try DurabilityEngine(directory: "/data", configuration: h.configuration, storage: h.storage,
                                          clock: h.clock, logger: h.logs.logger)
        let store = KVStore(name: "kv", parity: nil)
        try engine.register(store.component)
        #expect(throws: DurabilityError.self) { try engine.register(store.component) }
        try engine.start()
        #expect(throws: DurabilityError.self) { try engine.register(KVStore(name: "other", parity: nil).component) }
        #expect(throws: DurabilityError.self) { try engine.start() }
        engine.close()
    }

    @Test func invalidConfigurationsAreRejected() {
        var c = DurabilityConfiguration()
        c.recordBytesMax = c.segmentBytes
        #expect(throws: DurabilityError.self) { try c.validate() }
        c = DurabilityConfiguration()
        c.segmentBytes = 1000
        #expect(throws: DurabilityError.self) { try c.validate() }
        #expect(throws: Never.self) { try DurabilityConfiguration().validate() }
    }

    @Test func aSnapshotSectionNoComponentClaimsIsRefused() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        try await Harness.run(Harness.randomOps(seed: 53, count: 10), on: engine, stores: stores)
        _ = try await engine.takeSnapshot()
        engine.close()
        #expect(performing: { try h.open(parities: [nil]) }, throws: { error in
            if case DurabilityError.snapshotSection("kv0", _) = error { return true }
            return false
        })
    }

    @Test func aRestoreThatReadsTooLittleIsAnError() async throws {
        let h = Harness()
        let sloppy = SnapshotComponent(name: "sloppy", knownKinds: [1], capture: {
            SnapshotCapture(lsn: 0) { w in try w.write(UInt64(7)); try w.write(UInt64(8)) }
        }, restore: { r in _ = try r.read(UInt64.self) }, apply: { _ in })
        let e2 = try DurabilityEngine(directory: "/data2", configuration: h.configuration, storage: h.storage, clock: h.clock,
                                      logger: h.logs.logger)
        try e2.register(sloppy)
        try e2.start()
        _ = try await e2.takeSnapshot()
        e2.close()
        let e3 = try DurabilityEngine(directory: "/data2", configuration: h.configuration, storage: h.storage, clock: h.clock,
                                      logger: h.logs.logger)
        try e3.register(sloppy)
        #expect(performing: { try e3.start() }, throws: { error in
            if case DurabilityError.snapshotSection("sloppy", _) = error { return true }
            return false
        })
    }

    @Test func onlyTheLastTwoSnapshotsAndTheSegmentsTheyNeedAreKept() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        for round in 0..<5 {
            try await Harness.run(Harness.randomOps(seed: 60 + UInt64(round), count: 60, fillerMax: 800), on: engine, stores: stores)
            _ = try await engine.takeSnapshot()
        }
        engine.close()
        let snapshots = try h.snapshotNames()
        #expect(snapshots.count == 2)
        let oldest = try SnapshotFile.inspect(path: "/data/snapshots/" + snapshots[0], storage: h.storage)
        let first = SegmentName.parseSegment(try h.segmentNames()[0])!
        #expect(first <= oldest.baseLSN + 1, "the journal still covers the older snapshot's replay")
        #expect(first > 1, "older segments were deleted")
        #expect(!h.storage.exists("/data/archive"))
    }

    @Test func archivedFilesLeaveWhenTheRetentionWindowPasses() async throws {
        let h = Harness { $0.archiveRetentionMillis = 60_000 }
        let (engine, stores, _) = try h.open()
        for round in 0..<6 {
            try await Harness.run(Harness.randomOps(seed: 70 + UInt64(round), count: 60, fillerMax: 800), on: engine, stores: stores)
            _ = try await engine.takeSnapshot()
            h.clock.advance(millis: 40_000)
        }
        engine.close()
        let archived = try h.storage.list("/data/archive").filter { $0.hasSuffix(".snap") }
        // Snapshots at 0, 40, ..., 200 s; the two newest stay live, 0...120 were archived. At 200 s the
        // window starts at 140 s: only the newest archived snapshot before it (120 s) stays, as the
        // starting point for restores inside the window.
        #expect(archived.count == 1, "\(archived)")
        let kept = try SnapshotFile.inspect(path: "/data/archive/" + archived[0], storage: h.storage)
        #expect(kept.createdAt == h.clock.wallClockMillis() - 40_000 - 80_000)
        let segments = try h.storage.list("/data/archive").filter { $0.hasSuffix(".seg") }.sorted()
        let anchor = try SnapshotFile.inspect(path: "/data/archive/" + archived.sorted()[0], storage: h.storage)
        #expect(SegmentName.parseSegment(segments[0])! <= anchor.baseLSN + 1)
    }

    @Test func snapshotsAreDueByRecordCountOrByTime() async throws {
        var h = Harness()
        h.configuration.snapshotEveryRecords = 50
        h.configuration.snapshotEveryMillis = 600_000
        let (engine, stores, _) = try h.open()
        defer { engine.close() }
        try await Harness.run(Harness.randomOps(seed: 80, count: 49), on: engine, stores: stores)
        #expect(try await engine.snapshotIfDue() == nil)
        try await Harness.run(Harness.randomOps(seed: 81, count: 1), on: engine, stores: stores)
        #expect(try await engine.snapshotIfDue() != nil)
        try await Harness.run(Harness.randomOps(seed: 82, count: 1), on: engine, stores: stores)
        #expect(try await engine.snapshotIfDue() == nil)
        h.clock.advance(millis: 600_000)
        #expect(try await engine.snapshotIfDue() != nil)
        h.clock.advance(millis: 600_000)
        #expect(try await engine.snapshotIfDue() == nil, "nothing written since")
    }
}
