/// The 64-byte header at offset 0 of a snapshot file, little-endian. It is written last (after the body
/// and the end frame), so a file whose header checks out was written completely.
///
/// ```
/// 0   u64 magic          "PRLYSNAP"
/// 8   u32 version        SnapshotFormat.version
/// 12  u32 headerBytes    64
/// 16  u64 epoch          the data directory's epoch
/// 24  u64 lsn            the highest component LSN (the file is named after it)
/// 32  u64 baseLSN        the lowest component LSN: replay starts after it
/// 40  i64 createdAt      milliseconds since the Unix epoch
/// 48  u64 fileBytes      the whole file's length
/// 56  u32 sectionCount
/// 60  u32 crc32c         over bytes 0..<60
/// ```
struct SnapshotHeader: Equatable {
    var epoch: UInt64
    var lsn: LSN
    var baseLSN: LSN
    var createdAt: Int64
    var fileBytes: Int64
    var sectionCount: UInt32

    static let bytes = SnapshotFormat.snapshotHeaderBytes

    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.bytes)
        out.withUnsafeMutableBytes { b in
            let p = b.baseAddress!
            p.storeLE(SnapshotFormat.snapshotMagic, at: 0)
            p.storeLE(SnapshotFormat.version, at: 8)
            p.storeLE(UInt32(Self.bytes), at: 12)
            p.storeLE(epoch, at: 16)
            p.storeLE(lsn, at: 24)
            p.storeLE(baseLSN, at: 32)
            p.storeLE(createdAt, at: 40)
            p.storeLE(fileBytes, at: 48)
            p.storeLE(sectionCount, at: 56)
            p.storeLE(CRC32C.checksum(UnsafeRawBufferPointer(start: p, count: 60)), at: 60)
        }
        assert((try? Self.decode(out, file: "self-check")) == self, "snapshot header must read back as written")
        return out
    }

    static func decode(_ bytes: [UInt8], file: String) throws -> SnapshotHeader {
        func corrupt(_ why: String) -> DurabilityError { .corruptSnapshot(file: file, offset: 0, reason: why) }
        guard bytes.count >= Self.bytes else { throw corrupt("file shorter than its header") }
        return try bytes.withUnsafeBytes { b in
            let p = b.baseAddress!
            guard p.loadLE(UInt64.self, at: 0) == SnapshotFormat.snapshotMagic else { throw corrupt("bad magic") }
            guard CRC32C.checksum(UnsafeRawBufferPointer(start: p, count: 60)) == p.loadLE(UInt32.self, at: 60) else {
                throw corrupt("header checksum mismatch")
            }
            let version = p.loadLE(UInt32.self, at: 8)
            guard version == SnapshotFormat.version else {
                throw DurabilityError.unsupportedVersion(file: file, version: version, supported: SnapshotFormat.version)
            }
            let h = SnapshotHeader(epoch: p.loadLE(UInt64.self, at: 16), lsn: p.loadLE(UInt64.self, at: 24),
                                   baseLSN: p.loadLE(UInt64.self, at: 32), createdAt: p.loadLE(Int64.self, at: 40),
                                   fileBytes: p.loadLE(Int64.self, at: 48), sectionCount: p.loadLE(UInt32.self, at: 56))
            guard p.loadLE(UInt32.self, at: 12) == UInt32(Self.bytes), h.baseLSN <= h.lsn, h.fileBytes >= Int64(Self.bytes) else {
                throw corrupt("impossible field values")
            }
            return h
        }
    }
}
