/// Receives what `WebSocketFrameParser` decodes. Every buffer is valid only during the call: the parser
/// reuses its storage for the next frame, so a delegate that keeps bytes must copy them.
public protocol WebSocketFrameDelegate {
    /// A complete message, reassembled from its fragments and unmasked; `opcode` is `.text` or `.binary`,
    /// and text has already been validated as UTF-8.
    mutating func message(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer)
    mutating func ping(_ payload: UnsafeRawBufferPointer)
    mutating func pong(_ payload: UnsafeRawBufferPointer)
    /// The peer's close frame. `code` is nil when the frame had no payload; `reason` is valid UTF-8.
    /// The parser discards everything the peer sends after it.
    mutating func close(code: UInt16?, reason: UnsafeRawBufferPointer)
}
