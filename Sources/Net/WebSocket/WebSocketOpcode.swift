/// The frame opcodes RFC 6455 §5.2 defines; the parser rejects every other value with 1002.
public enum WebSocketOpcode: UInt8, Sendable {
    case continuation = 0
    case text = 1
    case binary = 2
    case close = 8
    case ping = 9
    case pong = 10

    /// Control frames (close, ping, pong) have the high opcode bit set; they may not be fragmented, carry at
    /// most 125 bytes and may arrive between the fragments of a data message.
    @inline(__always)
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
