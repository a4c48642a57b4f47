/// The 32-byte header in front of every journal record, all fields little-endian:
///
/// ```
/// 0   u32 length      payload bytes (the record then takes 32 + length bytes, padded with zeros to 8)
/// 4   u32 crc32c      over bytes 0..<4 and 8..<(32 + length): everything but itself
/// 8   u64 lsn         never 0, so an all-zero header marks the end of the written part of a segment
/// 16  u16 kind        the caller's record kind
/// 18  u16 flags       0 in format version 1 (a reader rejects anything else)
/// 20  u32 syncLag     lsn minus the synced watermark when the record was encoded (saturating)
/// 24  i64 timestamp   milliseconds since the Unix epoch
/// ```
///
/// `syncLag` lets recovery tell a torn tail from corruption: a valid record that says LSN `e` was already
/// synced when it was written proves that damage at `e` is not an unsynced tail.
struct RecordHeader: Equatable {
    var length: UInt32
    var crc: UInt32
    var lsn: LSN
    var kind: UInt16
    var flags: UInt16
    var syncLag: UInt32
    var timestamp: Int64

    static let bytes = SnapshotFormat.recordHeaderBytes

    /// The synced watermark when this record was encoded: every LSN up to it was on disk before this
    /// record existed.
    var syncedThrough: LSN { lsn &- LSN(syncLag) }

    /// Bytes the whole record occupies on disk, padding included.
    var paddedBytes: Int { SnapshotFormat.aligned(Self.bytes + Int(length)) }

    static func paddedBytes(payload: Int) -> Int { SnapshotFormat.aligned(bytes + payload) }

    static func read(_ p: UnsafeRawPointer) -> RecordHeader {
        RecordHeader(length: p.loadLE(UInt32.self, at: 0), crc: p.loadLE(UInt32.self, at: 4),
                     lsn: p.loadLE(UInt64.self, at: 8), kind: p.loadLE(UInt16.self, at: 16),
                     flags: p.loadLE(UInt16.self, at: 18), syncLag: p.loadLE(UInt32.self, at: 20),
                     timestamp: p.loadLE(Int64.self, at: 24))
    }

    /// True for the all-zero header that ends the written part of a segment.
    static func isEnd(_ p: UnsafeRawPointer) -> Bool {
        p.loadLE(UInt64.self, at: 0) == 0 && p.loadLE(UInt64.self, at: 8) == 0
            && p.loadLE(UInt64.self, at: 16) == 0 && p.loadLE(UInt64.self, at: 24) == 0
    }

    /// The checksum of a record whose header and payload start at `p`.
    static func checksum(_ p: UnsafeRawPointer, payloadBytes: Int) -> UInt32 {
        var crc = CRC32C()
        crc.update(UnsafeRawBufferPointer(start: p, count: 4))
        crc.update(UnsafeRawBufferPointer(start: p + 8, count: bytes - 8 + payloadBytes))
        return crc.value
    }

    /// Encodes a record at `p` (which must have `paddedBytes(payload:)` writable bytes) and returns its size.
    static func encode(into p: UnsafeMutableRawPointer, lsn: LSN, kind: UInt16, timestamp: Int64,
                       syncedThrough: LSN, payload: UnsafeRawBufferPointer) -> Int {
        precondition(lsn > 0 && syncedThrough < lsn, "record LSN \(lsn) must be above synced \(syncedThrough)")
        let total = paddedBytes(payload: payload.count)
        p.storeLE(UInt32(payload.count), at: 0)
        p.storeLE(lsn, at: 8)
        p.storeLE(kind, at: 16)
        p.storeLE(UInt16(0), at: 18)
        p.storeLE(UInt32(clamping: lsn - syncedThrough), at: 20)
        p.storeLE(timestamp, at: 24)
        if let base = payload.baseAddress, payload.count > 0 {
            (p + bytes).copyMemory(from: base, byteCount: payload.count)
        }
        let end = bytes + payload.count
        if total > end { (p + end).initializeMemory(as: UInt8.self, repeating: 0, count: total - end) }
        let crc = checksum(UnsafeRawPointer(p), payloadBytes: payload.count)
        p.storeLE(crc, at: 4)
        // Paired assertion: the bytes we hand to the writer must read back as the record we meant.
        assert(read(UnsafeRawPointer(p)).lsn == lsn && checksum(UnsafeRawPointer(p), payloadBytes: payload.count) == crc)
        return total
    }
}
