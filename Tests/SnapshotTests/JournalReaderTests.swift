import Testing
@testable import Snapshot

/// What `parley journal verify|inspect` will call: listing, iterating with positions, verifying.
struct JournalReaderTests {
    @Test func listsSegmentsAndRecordsWithTheirPositions() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        let ops = Harness.randomOps(seed: 95, count: 120, fillerMax: 700)
        try await Harness.run(ops, on: engine, stores: stores)
        engine.close()
        let reader = JournalReader(dataDirectory: "/data", storage: h.storage)
        let segments = try reader.segments()
        #expect(segments.count > 1 && segments.allSatisfy { $0.epoch == 0xE90C_0001 })
        var records: [JournalReader.Record] = []
        for segment in segments {
            let end = try reader.records(in: segment) { records.append($0); return true }
            guard case .end = end else {
                Issue.record("segment \(segment.name) ended with \(end)")
                return
            }
        }
        #expect(records.map(\.entry.lsn) == Array(1...120))
        #expect(records.map { KVOp.decode($0.entry)! } == ops)
        #expect(records.allSatisfy { $0.offset % 8 == 0 && $0.bytes % 8 == 0 })
        let verification = try reader.verify()
        #expect(verification == JournalReader.Verification(segments: segments.count, records: 120, firstLSN: 1, lastLSN: 120,
                                                           verdict: .clean))
    }

    @Test func verifyReportsATornTailAndCorruptionWithoutChangingAnything() async throws {
        let h = Harness()
        let (engine, stores, _) = try h.open()
        try await Harness.run(Harness.randomOps(seed: 96, count: 20), on: engine, stores: stores)
        engine.close()
        let path = "/data/journal/" + (try h.segmentNames().last!)
        let original = h.storage.contents(of: path)!
        let reader = JournalReader(dataDirectory: "/data", storage: h.storage)
        var records: [JournalReader.Record] = []
        _ = try reader.records(in: try reader.segments().last!) { records.append($0); return true }

        var torn = original
        torn[Int(records[19].offset) + 40] ^= 0x10
        h.storage.replaceContents(of: path, with: torn)
        guard case .tornTail(_, let offset, 20, _) = try reader.verify().verdict else {
            Issue.record("expected a torn tail")
            return
        }
        #expect(offset == records[19].offset)
        #expect(h.storage.contents(of: path) == torn, "verify changes nothing")

        var corrupt = original
        corrupt[Int(records[5].offset) + 40] ^= 0x10
        h.storage.replaceContents(of: path, with: corrupt)
        let verdict = try reader.verify().verdict
        guard case .corrupt(.corruptJournal(_, let at, 6, _)) = verdict else {
            Issue.record("expected corruption, got \(verdict)")
            return
        }
        #expect(at == records[5].offset)
    }

    @Test func everyRenameIsFollowedByAFsyncOfItsDirectory() async throws {
        // T10: the create/rename sequence, audited from the storage call log.
        let h = Harness()
        h.storage.setLogging(true)
        let (engine, stores, _) = try h.open()
        try await Harness.run(Harness.randomOps(seed: 97, count: 150, fillerMax: 900), on: engine, stores: stores)
        _ = try await engine.takeSnapshot()
        engine.close()
        let log = h.storage.operationLog()
        var pending: [String] = []
        for line in log {
            if line.hasPrefix("rename ") {
                let target = String(line.split(separator: ">").last!.dropFirst())
                pending.append(StoragePath.parent(target))
            } else if line.hasPrefix("fsyncDirectory ") {
                let directory = String(line.dropFirst("fsyncDirectory ".count))
                pending.removeAll { $0 == directory }
            } else if line.hasPrefix("write ") || line.hasPrefix("remove ") {
                #expect(pending.isEmpty, "\(line) before the directory fsync of a rename into \(pending)")
            }
        }
        #expect(pending.isEmpty)
        #expect(log.contains { $0.hasPrefix("rename /data/journal/prepared.seg.tmp") })
    }
}
