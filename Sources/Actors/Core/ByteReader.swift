/// Reads what `ByteWriter` wrote. Every read is bounds-checked and throws `ChatError.corruptRecord`, so a
/// damaged payload that passed the journal's checksum still cannot crash the reader or allocate unbounded memory.
public struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { offset == bytes.count }
    public var remaining: Int { bytes.count - offset }

    public mutating func read<T: FixedWidthInteger>(_: T.Type) throws(ChatError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .corruptRecord("truncated integer at \(offset)") }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { dst in
            bytes.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + size]))
            }
        }
        offset += size
        return T(littleEndian: value)
    }

    public mutating func readBool() throws(ChatError) -> Bool {
        switch try read(UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw .corruptRecord("bool byte \(other)")
        }
    }

    public mutating func readID() throws(ChatError) -> ID {
        let high = try read(UInt64.self)
        return ID(high: high, low: try read(UInt64.self))
    }

    public mutating func readOptionalID() throws(ChatError) -> ID? {
        try readBool() ? try readID() : nil
    }

    private mutating func readCount(elementBytes: Int) throws(ChatError) -> Int {
        let count = Int(try read(UInt32.self))
        // A count can never promise more elements than bytes remain: refuse before allocating.
        guard count * elementBytes <= remaining else { throw .corruptRecord("count \(count) past the end") }
        return count
    }

    public mutating func readBytes() throws(ChatError) -> [UInt8] {
        let count = try readCount(elementBytes: 1)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func readString() throws(ChatError) -> String {
        let count = try readCount(elementBytes: 1)
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    public mutating func readMap() throws(ChatError) -> [String: String] {
        let count = try readCount(elementBytes: 8)
        var map = [String: String](minimumCapacity: count)
        for _ in 0..<count {
            let key = try readString()
            map[key] = try readString()
        }
        return map
    }

    public mutating func readIDs() throws(ChatError) -> [ID] {
        let count = try readCount(elementBytes: 16)
        var ids = [ID]()
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try readID()) }
        return ids
    }

    public mutating func readStrings() throws(ChatError) -> [String] {
        let count = try readCount(elementBytes: 4)
        var out = [String]()
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readString()) }
        return out
    }
}
