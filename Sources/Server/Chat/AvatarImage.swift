import Actors

/// The default profile picture: a 5×5 mirrored pattern ("identicon") in a colour taken from the user id, encoded
/// as a PNG with stored (uncompressed) deflate blocks, so no image library is needed. The same id always gives
/// the same bytes, which makes the picture cacheable by its URL.
enum AvatarImage {
    static let size = 120
    static let cells = 5
    static let margin = 10

    static func png(for id: ID) -> [UInt8] {
        let bits = id.low ^ id.high
        let color: (UInt8, UInt8, UInt8) = (UInt8(64 + (bits >> 8) % 160), UInt8(64 + (bits >> 16) % 160),
                                            UInt8(64 + (bits >> 24) % 160))
        let cell = (size - 2 * margin) / cells
        var raw: [UInt8] = []
        raw.reserveCapacity(size * (size * 3 + 1))
        for y in 0..<size {
            raw.append(0)   // filter type None
            for x in 0..<size {
                let cx = (x - margin) / cell, cy = (y - margin) / cell
                let inside = x >= margin && y >= margin && cx < cells && cy < cells
                // Columns mirror around the middle: 3 distinct columns × 5 rows = 15 bits of the id.
                let column = inside ? min(cx, cells - 1 - cx) : 0
                let on = inside && (bits >> UInt64(32 + cy * 3 + column)) & 1 == 1
                let (r, g, b) = on ? color : (240, 240, 240)
                raw.append(r); raw.append(g); raw.append(b)
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendBE(UInt32(size), &header); appendBE(UInt32(size), &header)
        header += [8, 2, 0, 0, 0]   // 8-bit RGB, deflate, no filter method, no interlace
        chunk("IHDR", header, &out)
        chunk("IDAT", zlibStored(raw), &out)
        chunk("IEND", [], &out)
        return out
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, data.count - offset)
            let final: UInt8 = offset + n == data.count ? 1 : 0
            out.append(final)
            out.append(UInt8(n & 0xFF)); out.append(UInt8(n >> 8))
            out.append(UInt8(~n & 0xFF)); out.append(UInt8((~n >> 8) & 0xFF))
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        appendBE((b << 16) | a, &out)
        return out
    }

    static func chunk(_ type: String, _ data: [UInt8], _ out: inout [UInt8]) {
        appendBE(UInt32(data.count), &out)
        let typed = Array(type.utf8) + data
        out += typed
        appendBE(crc32(typed), &out)
    }

    static func appendBE(_ v: UInt32, _ out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    /// CRC-32 (IEEE, as PNG and zlib use it).
    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
