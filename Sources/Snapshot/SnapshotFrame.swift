/// The body of a snapshot file is a sequence of frames, each 8-byte aligned, little-endian:
///
/// ```
/// 0   u32 type      1 section start, 2 chunk, 3 section end, 4 file end
/// 4   u32 length    bytes of data
/// 8   u32 crc32c    over bytes 0..<8 and the data
/// 12  u32 reserved  zero
/// 16  data, then zero padding to a multiple of 8
/// ```
///
/// Section start data: `u64 lsn | u16 nameLength | name (UTF-8)`. Chunk data: the component's bytes.
/// Section end data: `u64 sectionBytes` (the sum of its chunks). File end data:
/// `u64 bodyEnd (this frame's offset) | u32 sectionCount | u32 bodyCRC` (crc32c of bytes 64..<bodyEnd).
struct SnapshotFrame {
    enum Kind: UInt32 {
        case sectionStart = 1
        case chunk = 2
        case sectionEnd = 3
        case fileEnd = 4
    }

    static let headerBytes = 16

    let kind: Kind
    let data: [UInt8]

    static func paddedBytes(data: Int) -> Int { SnapshotFormat.aligned(headerBytes + data) }

    /// The frame header for `data` of `kind`.
    static func header(_ kind: Kind, data: UnsafeRawBufferPointer) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: headerBytes)
        h.withUnsafeMutableBytes { b in
            let p = b.baseAddress!
            p.storeLE(kind.rawValue, at: 0)
            p.storeLE(UInt32(data.count), at: 4)
            var crc = CRC32C()
            crc.update(UnsafeRawBufferPointer(start: p, count: 8))
            crc.update(data)
            p.storeLE(crc.value, at: 8)
        }
        return h
    }

    /// Checks a frame header and its data as read back; returns the kind.
    static func check(header: [UInt8], data: [UInt8], file: String, offset: Int64) throws -> Kind {
        func corrupt(_ why: String) -> DurabilityError { .corruptSnapshot(file: file, offset: offset, reason: why) }
        return try header.withUnsafeBytes { b in
            let p = b.baseAddress!
            var crc = CRC32C()
            crc.update(UnsafeRawBufferPointer(start: p, count: 8))
            crc.update(data)
            guard crc.value == p.loadLE(UInt32.self, at: 8) else { throw corrupt("frame checksum mismatch") }
            guard p.loadLE(UInt32.self, at: 12) == 0, let kind = Kind(rawValue: p.loadLE(UInt32.self, at: 0)) else {
                throw corrupt("unknown frame type")
            }
            return kind
        }
    }
}
