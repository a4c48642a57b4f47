/// Builds journal record payloads and snapshot sections: little-endian integers, u32-length-prefixed strings
/// and byte strings, ids as 16 bytes. `ByteReader` reads the same layout back.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    public mutating func write(_ id: ID) {
        write(id.high)
        write(id.low)
    }

    public mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { utf8 in
            write(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func write(lengthPrefixed data: [UInt8]) {
        write(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    public mutating func write(_ map: [String: String]) {
        write(UInt32(map.count))
        // Sorted so that equal maps give equal bytes (snapshots of equal states compare equal).
        for key in map.keys.sorted() {
            write(key)
            write(map[key]!)
        }
    }

    public mutating func write(_ ids: [ID]) {
        write(UInt32(ids.count))
        for id in ids { write(id) }
    }

    public mutating func write(_ strings: [String]) {
        write(UInt32(strings.count))
        for s in strings { write(s) }
    }

    public mutating func writeOptional(_ id: ID?) {
        write(id != nil)
        if let id { write(id) }
    }
}
