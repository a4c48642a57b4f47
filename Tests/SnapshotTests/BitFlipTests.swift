import Testing
@testable import Snapshot

/// T4: one bit flipped in a record header, payload or checksum, a segment header, or the newest snapshot,
/// for many seeds. Every flip is detected, with the outcome of item 5: the last record is a torn tail
/// (cut); any other record stops start-up naming its segment and LSN (and accept-data-loss keeps the
/// prefix); a bad segment header stops start-up; a bad snapshot falls back to the older one.
struct BitFlipTests {
    enum Target: CaseIterable {
        case recordHeader, payload, checksum, segmentHeader, snapshotBody, snapshotHeader
    }

    struct Base {
        let harness: Harness
        let ops: [KVOp]
        let records: [JournalReader.Record]
        let segments: [String]
        let newestSnapshot: String
    }

    /// Records across several segments, two snapshots, then more records; every record synced on its own.
    static func base() async throws -> Base {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 99, count: 160, fillerMax: 600)
        try await Harness.run(Array(ops[0..<60]), on: engine, stores: stores)
        _ = try await engine.takeSnapshot()
        try await Harness.run(Array(ops[60..<110]), on: engine, stores: stores)
        let newest = try await engine.takeSnapshot()
        try await Harness.run(Array(ops[110...]), on: engine, stores: stores)
        engine.close()
        let reader = JournalReader(dataDirectory: Harness.directory, storage: h.storage)
        var records: [JournalReader.Record] = []
        for segment in try reader.segments() {
            _ = try reader.records(in: segment) { records.append($0); return true }
        }
        #expect(records.last?.entry.lsn == 160)
        return Base(harness: h, ops: ops, records: records, segments: try h.segmentNames(), newestSnapshot: newest.fileName)
    }

    @Test func everyFlipIsDetectedWithTheRightOutcome() async throws {
        let base = try await Self.base()
        #expect(base.segments.count >= 2 && base.records.first!.entry.lsn > 1,
                "old segments were deleted after the snapshots: \(base.segments), first \(base.records.first!.entry.lsn)")
        let seeds: UInt64 = Harness.long ? 3000 : 240
        for seed in 1...seeds {
            var rng = SeededRandom(seed: seed)
            let target = Target.allCases[Int(seed) % Target.allCases.count]
            try check(base, target: target, rng: &rng, seed: seed)
        }
    }

    private func flip(_ h: Harness, path: String, range: Range<Int>, rng: inout SeededRandom) -> Int {
        var bytes = h.storage.contents(of: path)!
        let byte = Int.random(in: range, using: &rng)
        bytes[byte] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
        h.storage.replaceContents(of: path, with: bytes)
        return byte
    }

    private func check(_ base: Base, target: Target, rng: inout SeededRandom, seed: UInt64) throws {
        let h = base.harness.copy()
        switch target {
        case .recordHeader, .payload, .checksum:
            let record = base.records.randomElement(using: &rng)!
            let start = Int(record.offset)
            let range: Range<Int>
            switch target {
            case .checksum: range = (start + 4)..<(start + 8)
            case .payload where !record.entry.payload.isEmpty: range = (start + 32)..<(start + 32 + record.entry.payload.count)
            default: range = ([start..<(start + 4), (start + 8)..<(start + 32)].randomElement(using: &rng))!
            }
            let byte = flip(h, path: Harness.directory + "/journal/" + record.segment, range: range, rng: &rng)
            try expectRecordOutcome(h, base: base, record: record, label: "seed \(seed) \(target) byte \(byte) of LSN \(record.entry.lsn)")
        case .segmentHeader:
            let segment = base.segments.randomElement(using: &rng)!
            let byte = flip(h, path: Harness.directory + "/journal/" + segment, range: 0..<64, rng: &rng)
            #expect("seed \(seed) segment header byte \(byte) of \(segment)", performing: { try h.open() }, throws: { error in
                guard case DurabilityError.corruptSegmentHeader(let name, _) = error else { return false }
                return name == segment
            })
        case .snapshotBody, .snapshotHeader:
            let path = Harness.directory + "/snapshots/" + base.newestSnapshot
            let size = h.storage.contents(of: path)!.count
            let byte = flip(h, path: path, range: target == .snapshotHeader ? 0..<64 : 64..<size, rng: &rng)
            let label = "seed \(seed) \(target) byte \(byte)"
            #expect(throws: DurabilityError.self, "\(label)") { try SnapshotFile.verify(path: path, storage: h.storage) }
            let (engine, stores, report) = try h.open()
            engine.close()
            #expect(report.rejectedSnapshots.map(\.name) == [base.newestSnapshot], "\(label)")
            #expect(report.snapshot != nil && report.snapshot?.fileName != base.newestSnapshot, "\(label)")
            let same = Harness.combined(stores) == KVState.model(base.ops)
            #expect(same, "\(label): fallback to the older snapshot and a longer replay")
        }
    }

    private func expectRecordOutcome(_ h: Harness, base: Base, record: JournalReader.Record, label: String) throws {
        let lsn = record.entry.lsn
        if lsn == 160 {
            let (engine, stores, report) = try h.open()
            engine.close()
            #expect(report.tornTail?.lsn == 160 && report.lastLSN == 159, "\(label): the last record is a torn tail")
            let same = Harness.combined(stores) == KVState.model(base.ops.prefix(159))
            #expect(same, "\(label)")
            return
        }
        #expect("\(label)", performing: { try h.open() }, throws: { error in
            guard case DurabilityError.corruptJournal(let segment, let offset, let at, _) = error else { return false }
            return segment == record.segment && offset == record.offset && at == lsn
        })
        let (engine, stores, report) = try h.open(options: RecoveryOptions(acceptDataLoss: true))
        engine.close()
        #expect(report.dataLoss?.lsn == lsn, "\(label)")
        guard let snapshot = report.snapshot, lsn > snapshot.lsn else {
            // Below the snapshot, the components keep what the snapshot holds.
            #expect(report.lastLSN == report.snapshot?.lsn, "\(label)")
            return
        }
        #expect(report.lastLSN == lsn - 1, "\(label): accept-data-loss keeps the prefix")
        let same = Harness.combined(stores) == KVState.model(base.ops.prefix(Int(lsn - 1)))
        #expect(same, "\(label)")
    }
}
