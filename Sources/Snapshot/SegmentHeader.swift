/// The 64-byte header at offset 0 of every journal segment, little-endian:
///
/// ```
/// 0   u64 magic          "PRLYJRNL"
/// 8   u32 version        SnapshotFormat.version
/// 12  u32 headerBytes    64
/// 16  u64 epoch          random per data directory (and per restore), shared by its segments and snapshots
/// 24  u64 firstLSN       the LSN of the segment's first record
/// 32  u64 segmentBytes   the preallocated size of the file
/// 40  i64 createdAt      milliseconds since the Unix epoch
/// 48  12 bytes reserved  zero
/// 60  u32 crc32c         over bytes 0..<60
/// ```
struct SegmentHeader: Equatable {
    var epoch: UInt64
    var firstLSN: LSN
    var segmentBytes: Int64
    var createdAt: Int64

    static let bytes = SnapshotFormat.segmentHeaderBytes

    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.bytes)
        out.withUnsafeMutableBytes { b in
            let p = b.baseAddress!
            p.storeLE(SnapshotFormat.segmentMagic, at: 0)
            p.storeLE(SnapshotFormat.version, at: 8)
            p.storeLE(UInt32(Self.bytes), at: 12)
            p.storeLE(epoch, at: 16)
            p.storeLE(firstLSN, at: 24)
            p.storeLE(segmentBytes, at: 32)
            p.storeLE(createdAt, at: 40)
            p.storeLE(CRC32C.checksum(UnsafeRawBufferPointer(start: p, count: 60)), at: 60)
        }
        assert((try? Self.decode(out, file: "self-check")) == self, "segment header must read back as written")
        return out
    }

    /// Decodes and checks a header; `file` names the segment in errors.
    static func decode(_ bytes: [UInt8], file: String) throws -> SegmentHeader {
        guard bytes.count >= Self.bytes else {
            throw DurabilityError.corruptSegmentHeader(segment: file, reason: "file shorter than its header")
        }
        return try bytes.withUnsafeBytes { b in
            let p = b.baseAddress!
            guard p.loadLE(UInt64.self, at: 0) == SnapshotFormat.segmentMagic else {
                throw DurabilityError.corruptSegmentHeader(segment: file, reason: "bad magic")
            }
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(start: p, count: 60))
            guard crc == p.loadLE(UInt32.self, at: 60) else {
                throw DurabilityError.corruptSegmentHeader(segment: file, reason: "header checksum mismatch")
            }
            let version = p.loadLE(UInt32.self, at: 8)
            guard version == SnapshotFormat.version else {
                throw DurabilityError.unsupportedVersion(file: file, version: version, supported: SnapshotFormat.version)
            }
            let header = SegmentHeader(epoch: p.loadLE(UInt64.self, at: 16), firstLSN: p.loadLE(UInt64.self, at: 24),
                                       segmentBytes: p.loadLE(Int64.self, at: 32), createdAt: p.loadLE(Int64.self, at: 40))
            guard p.loadLE(UInt32.self, at: 12) == UInt32(Self.bytes), header.firstLSN > 0,
                  header.segmentBytes > Int64(Self.bytes) else {
                throw DurabilityError.corruptSegmentHeader(segment: file, reason: "impossible field values")
            }
            return header
        }
    }
}
