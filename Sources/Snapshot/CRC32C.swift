import CShims

/// CRC-32C (Castagnoli), the checksum of every record, segment header and snapshot frame.
///
/// Uses the SSE4.2 `crc32` instruction when the CPU has it (about 20 GB/s), else slicing-by-8 in Swift.
/// `CRC32C.checksum("123456789")` is 0xE3069283. The running value is kept inverted so that a checksum can
/// be built from pieces: `CRC32C().updated(a).updated(b).value == checksum(a ++ b)`.
public struct CRC32C: Sendable, Equatable {
    private var register: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of everything fed so far.
    public var value: UInt32 { register ^ 0xFFFF_FFFF }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if Self.hardware {
            register = parley_crc32c_hw(register, base, bytes.count)
        } else {
            register = Self.software(register, base, bytes.count)
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = CRC32C()
        c.update(bytes)
        return c.value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// Whether the hardware path is in use (tests run both paths).
    static let hardware: Bool = parley_crc32c_hw_available() != 0

    /// The software path, exposed so tests can compare it with the hardware one.
    static func softwareChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        return software(0xFFFF_FFFF, base, bytes.count) ^ 0xFFFF_FFFF
    }

    private static func software(_ start: UInt32, _ base: UnsafeRawPointer, _ count: Int) -> UInt32 {
        var crc = start
        var p = base
        var n = count
        let t = tables
        while n >= 8 {
            let lo = p.loadUnaligned(as: UInt32.self).littleEndian ^ crc
            let hi = p.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
            crc = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            p += 8
            n -= 8
        }
        while n > 0 {
            crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
            p += 1
            n -= 1
        }
        return crc
    }

    /// Eight 256-entry tables for slicing-by-8 over the reflected polynomial 0x82F63B78.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (prev >> 8) ^ t[Int(prev & 0xFF)]
            }
        }
        return t
    }()
}
