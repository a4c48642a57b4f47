import Testing
@testable import Snapshot

/// The on-disk layouts read back as written, and reject what they must.
struct FormatTests {
    @Test func recordHeaderRoundTripsAndPadsToEightBytes() {
        for payloadCount in [0, 1, 7, 8, 9, 100] {
            let payload = (0..<payloadCount).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
            let size = RecordHeader.paddedBytes(payload: payloadCount)
            #expect(size % 8 == 0 && size >= 32 + payloadCount && size < 40 + payloadCount)
            var bytes = [UInt8](repeating: 0xEE, count: size)
            let written = bytes.withUnsafeMutableBytes { b in
                payload.withUnsafeBytes {
                    RecordHeader.encode(into: b.baseAddress!, lsn: 42, kind: 7, timestamp: -5, syncedThrough: 40, payload: $0)
                }
            }
            #expect(written == size)
            let h = bytes.withUnsafeBytes { RecordHeader.read($0.baseAddress!) }
            #expect(h.lsn == 42 && h.kind == 7 && h.timestamp == -5 && h.flags == 0 && h.length == UInt32(payloadCount))
            #expect(h.syncedThrough == 40)
            #expect(Array(bytes[32..<(32 + payloadCount)]) == payload)
            #expect(bytes[(32 + payloadCount)...].allSatisfy { $0 == 0 }, "padding is zeros")
            #expect(bytes.withUnsafeBytes { RecordHeader.checksum($0.baseAddress!, payloadBytes: payloadCount) } == h.crc)
        }
        let zeros = [UInt8](repeating: 0, count: 32)
        #expect(zeros.withUnsafeBytes { RecordHeader.isEnd($0.baseAddress!) })
    }

    @Test func segmentHeaderRoundTripsAndEveryBitFlipIsCaught() throws {
        let header = SegmentHeader(epoch: 0xABCDEF, firstLSN: 1234, segmentBytes: 1 << 20, createdAt: 99)
        let bytes = header.encoded()
        #expect(bytes.count == 64)
        #expect(try SegmentHeader.decode(bytes, file: "s") == header)
        for bit in 0..<(64 * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(throws: DurabilityError.self, "bit \(bit)") { try SegmentHeader.decode(flipped, file: "s") }
        }
    }

    @Test func snapshotHeaderRoundTripsAndEveryBitFlipIsCaught() throws {
        let header = SnapshotHeader(epoch: 5, lsn: 900, baseLSN: 800, createdAt: 1, fileBytes: 4096, sectionCount: 3)
        let bytes = header.encoded()
        #expect(try SnapshotHeader.decode(bytes, file: "s") == header)
        for bit in 0..<(64 * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(throws: DurabilityError.self, "bit \(bit)") { try SnapshotHeader.decode(flipped, file: "s") }
        }
    }

    @Test func aNewerFormatVersionIsAClearVersionError() throws {
        var bytes = SegmentHeader(epoch: 1, firstLSN: 1, segmentBytes: 4096, createdAt: 0).encoded()
        bytes.withUnsafeMutableBytes { b in
            b.baseAddress!.storeLE(UInt32(2), at: 8)
            b.baseAddress!.storeLE(CRC32C.checksum(UnsafeRawBufferPointer(start: b.baseAddress!, count: 60)), at: 60)
        }
        #expect(throws: DurabilityError.unsupportedVersion(file: "seg", version: 2, supported: 1)) {
            try SegmentHeader.decode(bytes, file: "seg")
        }
    }

    @Test func namesSortAsLSNsAndParseBack() {
        #expect(SegmentName.segment(firstLSN: 1) == "00000000000000000001.seg")
        #expect(SegmentName.parseSegment(SegmentName.segment(firstLSN: 18_446_744_073_709_551_615)) == .max)
        #expect(SegmentName.parseSegment("prepared.seg.tmp") == nil)
        #expect(SegmentName.parseSegment("00000000000000000001.seg.torn-64") == nil)
        #expect(SegmentName.parseSnapshot(SegmentName.snapshot(lsn: 77)) == 77)
        #expect(SegmentName.parseSnapshot("snapshot-00000000000000000077.snap.corrupt") == nil)
        #expect(SegmentName.segment(firstLSN: 9) < SegmentName.segment(firstLSN: 10))
    }

    @Test func snapshotWriterAndReaderAgreeOnEveryType() async throws {
        let storage = FaultyStorage()
        try storage.makeDirectory("/s")
        let file = try storage.open("/s/x.snap", create: true)
        let sink = SnapshotSink(storage: storage, file: file, chunkBytes: 5)
        try sink.beginSection(name: "types", lsn: 3)
        var w = SnapshotWriter(sink: sink)
        try w.write(UInt8(1))
        try w.write(Int64(-2))
        try w.write(true)
        try w.write(2.5)
        try w.write("héllo")
        try w.write(lengthPrefixed: [9, 8, 7])
        try sink.endSection()
        _ = try sink.finish(epoch: 1, createdAt: 2)
        storage.close(file)
        let info = try SnapshotFile.verify(path: "/s/x.snap", storage: storage)
        #expect(info.sections.map(\.name) == ["types"] && info.lsn == 3 && info.baseLSN == 3)
        let seen = LSNBox()
        let component = SnapshotComponent(name: "types", knownKinds: [], capture: { SnapshotCapture(lsn: 0) { _ in } },
                                          restore: { r in
                                              let ok = try r.read(UInt8.self) == 1 && r.read(Int64.self) == -2 && r.readBool()
                                                  && r.readDouble() == 2.5 && r.readString() == "héllo"
                                                  && r.readLengthPrefixedBytes() == [9, 8, 7]
                                              let pastTheEnd = (try? r.read(UInt8.self)) == nil
                                              seen.set(ok && pastTheEnd ? 1 : 0)
                                          }, apply: { _ in })
        #expect(try SnapshotFile.restore(path: "/s/x.snap", storage: storage, components: [component]) == ["types": 3])
        #expect(seen.value == 1, "every value read back, and nothing past the section's end")
    }
}
