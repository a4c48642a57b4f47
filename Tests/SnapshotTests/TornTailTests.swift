import Testing
@testable import Snapshot

/// T3: the last record torn at every byte offset (the file cut there, or the rest of it zeroed as an
/// unwritten preallocated area reads), and the last sector zeroed. Recovery cuts the tail, keeps the
/// bytes aside, logs it, and the journal takes new records after the cut.
struct TornTailTests {
    /// A journal of `count` records, each synced on its own, closed cleanly; returns the storage, the
    /// operations, and where the last record sits in the last segment.
    static func prepared(count: Int, seed: UInt64) async throws -> (Harness, [KVOp], segment: String, start: Int, end: Int) {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        var ops = Harness.randomOps(seed: seed, count: count - 1, fillerMax: 200)
        ops.append(.set(key: 3, value: 0xABCD, filler: 1300))
        try await Harness.run(ops, on: engine, stores: stores)
        engine.close()
        let segment = try h.segmentNames().last!
        let reader = JournalReader(dataDirectory: Harness.directory, storage: h.storage)
        let last = try reader.segments().last!
        var records: [JournalReader.Record] = []
        _ = try reader.records(in: last) { records.append($0); return true }
        let record = records.last!
        #expect(record.entry.lsn == LSN(count))
        return (h, ops, segment, Int(record.offset), Int(record.offset) + record.bytes)
    }

    @Test(arguments: [false, true])
    func lastRecordTornAtEveryByteOffset(zeroedRatherThanTruncated: Bool) async throws {
        let (base, ops, segment, start, end) = try await Self.prepared(count: 12, seed: 9)
        let path = Harness.directory + "/journal/" + segment
        let original = base.storage.contents(of: path)!
        for cut in start..<end {
            let h = base.copy()
            var bytes = Array(original[..<cut])
            if zeroedRatherThanTruncated { bytes.append(contentsOf: repeatElement(0, count: original.count - cut)) }
            h.storage.replaceContents(of: path, with: bytes)
            let (engine, stores, report) = try h.open()
            let label = "cut at \(cut) (record \(start)..<\(end)), zeroed: \(zeroedRatherThanTruncated)"
            // Zeroing only the padding leaves the record whole.
            let intact = zeroedRatherThanTruncated && cut >= start + 32 + 16 + 1300
            let kept = intact ? 12 : 11
            #expect(report.lastLSN == LSN(kept), "\(label)")
            let state = Harness.combined(stores) == KVState.model(ops.prefix(kept))
            #expect(state, "\(label)")
            if intact {
                #expect(report.tornTail == nil, "\(label)")
            } else if cut > start {
                #expect(report.tornTail?.lsn == 12 && report.tornTail?.offset == Int64(start), "\(label)")
                let side = h.storage.contents(of: Harness.directory + "/journal/" + (report.tornTail?.sideFile ?? "-"))
                let sideMatches = side.map(Self.trimmed) == Self.trimmed(Array(original[start..<cut]))
                #expect(sideMatches, "\(label)")
                #expect(h.logs.count(.warning, containing: "torn tail") == 1, "\(label)")
            } else {
                #expect(report.tornTail == nil || report.tornTail?.bytes == 0, "\(label)")
            }
            // Ten more records after the repair, then everything reads back (for a sample of offsets, all
            // of them with PARLEY_LONG_TESTS=1).
            guard Harness.long || cut % 16 == 0 || cut == end - 1 else {
                engine.close()
                continue
            }
            let more = Harness.randomOps(seed: UInt64(cut), count: 10)
            try await Harness.run(more, on: engine, stores: stores)
            engine.close()
            let (again, restored, second) = try h.open()
            again.close()
            #expect(second.lastLSN == LSN(kept + 10) && second.tornTail == nil, "\(label)")
            let final = Harness.combined(restored) == KVState.model(ops.prefix(kept) + more)
            #expect(final, "\(label)")
        }
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[..<(bytes.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 0)])
    }

    @Test func lastSectorZeroedIsATornTail() async throws {
        let (h, ops, segment, start, end) = try await Self.prepared(count: 8, seed: 10)
        let path = Harness.directory + "/journal/" + segment
        var bytes = h.storage.contents(of: path)!
        let sector = (end - 1) / 512 * 512
        #expect(sector > start, "the record spans more than one sector")
        for i in sector..<(sector + 512) { bytes[i] = 0 }
        h.storage.replaceContents(of: path, with: bytes)
        let (engine, stores, report) = try h.open()
        defer { engine.close() }
        #expect(report.lastLSN == 7 && report.tornTail?.lsn == 8)
        #expect(Harness.combined(stores) == KVState.model(ops.prefix(7)))
    }

    @Test func aHoleInUnsyncedDataIsCutWithTheValidRecordsAfterIt() async throws {
        // Written but never synced (relaxed policy, long interval): a middle sector lost, later ones kept.
        let h = Harness(policy: .relaxed) { $0.relaxedSyncIntervalMillis = 1_000_000 }
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 11, count: 4, fillerMax: 100)
        try await Harness.run(ops, on: engine, stores: stores)
        try await engine.journal.flush()
        let unsynced = (0..<12).map { KVOp.set(key: UInt64($0), value: 9, filler: 300) }
        try await Harness.run(unsynced, on: engine, stores: stores)
        #expect(engine.journal.syncedLSN == 4 && engine.journal.durableLSN == 16)
        let path = Harness.directory + "/journal/" + (try h.segmentNames().last!)
        var bytes = h.storage.contents(of: path)!
        let batchStart = 64 + ops.reduce(0) { $0 + RecordHeader.paddedBytes(payload: $1.encoded().count) }
        let hole = (batchStart + 1500) / 512 * 512
        for i in hole..<(hole + 512) { bytes[i] = 0 }
        let after = h.copy()
        after.storage.replaceContents(of: path, with: bytes)
        engine.close()
        let (again, restored, report) = try after.open()
        defer { again.close() }
        #expect(report.tornTail != nil && report.lastLSN >= 4 && report.lastLSN < 16, "\(report)")
        let same = Harness.combined(restored) == KVState.model(Array(ops + unsynced).prefix(Int(report.lastLSN)))
        #expect(same)
    }

    @Test func aHoleFollowedByRecordsWrittenAfterItWasSyncedIsCorruption() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = (0..<12).map { KVOp.set(key: UInt64($0), value: 9, filler: 300) }
        try await Harness.run(ops, on: engine, stores: stores)
        engine.close()
        let path = Harness.directory + "/journal/" + (try h.segmentNames().last!)
        var bytes = h.storage.contents(of: path)!
        for i in 1024..<1536 { bytes[i] = 0 }
        h.storage.replaceContents(of: path, with: bytes)
        #expect {
            try h.open()
        } throws: { error in
            guard case DurabilityError.corruptJournal(let segment, _, let lsn, _) = error else { return false }
            return segment == "00000000000000000001.seg" && lsn == 3
        }
    }
}
