/// What a component's restore reads its state from: the bytes its `SnapshotWriter` wrote, in order, each
/// chunk's checksum already verified. Reading past the section's end throws; so does leaving bytes unread.
public struct SnapshotReader {
    let source: SnapshotSource
    let section: String

    init(source: SnapshotSource, section: String) {
        self.source = source
        self.section = section
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws {
        try source.read(into: buffer, section: section)
    }

    public mutating func read<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        var value = T.zero
        try Swift.withUnsafeMutableBytes(of: &value) { try source.read(into: $0, section: section) }
        return T(littleEndian: value)
    }

    public mutating func readBool() throws -> Bool {
        switch try read(UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw DurabilityError.snapshotSection(component: section, reason: "bool byte \(other)")
        }
    }

    public mutating func readDouble() throws -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    /// Reads `count` raw bytes.
    public mutating func readBytes(count: Int) throws -> [UInt8] {
        guard count >= 0, Int64(count) <= source.header.fileBytes else {
            throw DurabilityError.snapshotSection(component: section, reason: "asked for \(count) bytes")
        }
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try source.read(into: $0, section: section) }
        return out
    }

    /// Reads what `write(lengthPrefixed:)` wrote.
    public mutating func readLengthPrefixedBytes() throws -> [UInt8] {
        try readBytes(count: Int(try read(UInt32.self)))
    }

    /// Reads what `write(_: String)` wrote; invalid UTF-8 is an error.
    public mutating func readString() throws -> String {
        let bytes = try readLengthPrefixedBytes()
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw DurabilityError.snapshotSection(component: section, reason: "invalid UTF-8 in a string")
        }
        return s
    }
}
