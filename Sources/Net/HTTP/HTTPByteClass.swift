/// Character classes of RFC 9110/9112, looked up in one table so the parser's hot loops test a byte with a
/// single load instead of a chain of range comparisons.
enum HTTPByteClass {
    /// tchar: method and field-name characters.
    static let token: UInt8 = 1 << 0
    /// Bytes allowed in a request-target: visible ASCII, plus obs-text because some clients send raw UTF-8.
    static let target: UInt8 = 1 << 1
    /// field-vchar, SP and HTAB: bytes allowed inside a field value or a chunk extension.
    static let fieldValue: UInt8 = 1 << 2
    /// Bytes allowed inside "HTTP/1.1": checked precisely at the end of the line.
    static let version: UInt8 = 1 << 3

    static let table: [UInt8] = makeTable()

    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool { table[Int(byte)] & token != 0 }

    @inline(__always)
    static func isTarget(_ byte: UInt8) -> Bool { table[Int(byte)] & target != 0 }

    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool { table[Int(byte)] & fieldValue != 0 }

    @inline(__always)
    static func isVersion(_ byte: UInt8) -> Bool { table[Int(byte)] & version != 0 }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func makeTable() -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0...255 {
            let b = UInt8(byte)
            var bits: UInt8 = 0
            let visible = b >= 0x21 && b <= 0x7E
            let obsText = b >= 0x80
            if isTokenChar(b) { bits |= token }
            if visible || obsText { bits |= target | fieldValue }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { bits |= fieldValue }
            if visible { bits |= version }
            table[byte] = bits
        }
        return table
    }

    private static func isTokenChar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }

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
