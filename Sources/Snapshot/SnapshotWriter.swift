/// What a component's capture writes its state into, off the actor. Bytes go straight to the snapshot file
/// in checksummed chunks; integers are little-endian. The matching `SnapshotReader` reads them back.
public struct SnapshotWriter {
    let sink: SnapshotSink

    init(sink: SnapshotSink) {
        self.sink = sink
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try sink.append(bytes)
    }

    /// Writes raw bytes (no length): the reader must know the count.
    public mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try sink.append($0) }
    }

    public mutating func write<T: FixedWidthInteger>(_ value: T) throws {
        try Swift.withUnsafeBytes(of: value.littleEndian) { try sink.append($0) }
    }

    public mutating func write(_ value: Bool) throws {
        try write(UInt8(value ? 1 : 0))
    }

    public mutating func write(_ value: Double) throws {
        try write(value.bitPattern)
    }

    /// Writes a u32 length and the UTF-8 bytes.
    public mutating func write(_ string: String) throws {
        var s = string
        try s.withUTF8 { utf8 in
            try write(UInt32(utf8.count))
            try sink.append(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Writes a u32 length and the bytes.
    public mutating func write(lengthPrefixed bytes: [UInt8]) throws {
        try write(UInt32(bytes.count))
        try write(bytes)
    }
}
