/// Character classes of RFC 9110/9112 as branch-light arithmetic on constants: the parser's hot loops test every
/// byte, and a global lookup table would cost a lazy-initialisation check and a retain on each use.
enum HTTPByteClass {
    /// tchar ("!#$%&'*+-.^_`|~", digits, letters) as a 128-bit set: bit n of `tokenLow` is byte n, bit n of
    /// `tokenHigh` is byte 64 + n.
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// Method and field-name characters.
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) &<< UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return tokenLow & bit != 0
        case 1: return tokenHigh & bit != 0
        default: return false
        }
    }

    /// Bytes allowed in a request-target: visible ASCII, plus obs-text because some clients send raw UTF-8.
    @inline(__always)
    static func isTarget(_ byte: UInt8) -> Bool { byte > 0x20 && byte != 0x7F }

    /// field-vchar, obs-text, SP and HTAB: bytes allowed inside a field value or a chunk extension.
    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte != 0x7F) || byte == 0x09 }

    /// Bytes allowed inside "HTTP/1.1" (visible ASCII); the exact form is checked at the end of the line.
    @inline(__always)
    static func isVersion(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte &- UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte &- UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
