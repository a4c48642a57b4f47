/// Builds WebSocket frames (RFC 6455 §5.2) into a caller's byte array.
///
/// The server's own frames are unmasked with FIN set: Parley never fragments what it sends because
/// Mattermost events are small and fragmenting would only add work for every client. The masked variant
/// plays the client's part, for tests and the load tool.
public enum WebSocketFrameEncoder {
    /// A close frame carries at most 125 bytes: the two-byte code and up to 123 bytes of reason.
    public static let closeReasonBytesMax = 123

    /// The header size of an unmasked frame with `payloadLength` bytes of payload, so a caller can size a
    /// buffer before encoding into it.
    @inline(__always)
    public static func headerBytes(payloadLength: Int) -> Int {
        precondition(payloadLength >= 0, "negative payload length \(payloadLength)")
        if payloadLength <= 125 { return 2 }
        if payloadLength <= 0xFFFF { return 4 }
        return 10
    }

    /// Appends an unmasked final frame.
    public static func encode(_ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        precondition(!opcode.isControl || payload.count <= 125, "control frame \(opcode) with \(payload.count) bytes")
        appendHeader(first: 0x80 | opcode.rawValue, maskBit: 0, length: payload.count, into: &out)
        out.append(contentsOf: payload.assumingMemoryBound(to: UInt8.self))
    }

    /// Appends an unmasked final text frame with `s`'s UTF-8.
    public static func encodeText(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { encode(.text, payload: UnsafeRawBufferPointer($0), into: &out) }
    }

    /// Appends a close frame. The reason is cut to fit the 125-byte control-frame limit at a character
    /// boundary, because the peer must reject a close reason that is not valid UTF-8.
    public static func encodeClose(code: UInt16, reason: String, into out: inout [UInt8]) {
        precondition(WebSocketCloseCode.isValidOnWire(code), "close code \(code) may not be sent")
        let utf8 = Array(reason.utf8)
        let kept = truncatedLength(utf8, toAtMost: closeReasonBytesMax)
        var payload = [UInt8]()
        payload.reserveCapacity(2 + kept)
        payload.append(UInt8(code >> 8))
        payload.append(UInt8(code & 0xFF))
        payload.append(contentsOf: utf8[0..<kept])
        payload.withUnsafeBytes { encode(.close, payload: $0, into: &out) }
    }

    /// Appends a masked frame as a client sends it. `maskKey`'s most significant byte is the first mask
    /// byte on the wire. `fin: false` produces a fragment, for tests of reassembly.
    public static func encodeMasked(
        _ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, maskKey: UInt32, fin: Bool = true,
        into out: inout [UInt8]
    ) {
        appendHeader(first: (fin ? 0x80 : 0) | opcode.rawValue, maskBit: 0x80, length: payload.count, into: &out)
        let key: [UInt8] = [UInt8(maskKey >> 24), UInt8((maskKey >> 16) & 0xFF), UInt8((maskKey >> 8) & 0xFF),
                            UInt8(maskKey & 0xFF)]
        out.append(contentsOf: key)
        out.reserveCapacity(out.count + payload.count)
        for index in 0..<payload.count {
            out.append(payload[index] ^ key[index & 3])
        }
    }

    /// Appends the header of an unmasked final text frame whose payload the caller appends next.
    public static func appendTextHeader(payloadLength: Int, into out: inout [UInt8]) {
        appendHeader(first: 0x80 | WebSocketOpcode.text.rawValue, maskBit: 0, length: payloadLength, into: &out)
    }

    /// The header with the shortest length encoding; the parser accepts longer ones, but we never send them.
    private static func appendHeader(first: UInt8, maskBit: UInt8, length: Int, into out: inout [UInt8]) {
        out.append(first)
        switch headerBytes(payloadLength: length) {
        case 2:
            out.append(maskBit | UInt8(length))
        case 4:
            out.append(maskBit | 126)
            out.append(UInt8(length >> 8))
            out.append(UInt8(length & 0xFF))
        case 10:
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8((UInt64(length) >> UInt64(shift)) & 0xFF))
            }
        case let other:
            preconditionFailure("header size \(other) for payload length \(length)")
        }
    }

    /// The longest prefix of `utf8` no longer than `limit` that ends on a character (scalar) boundary:
    /// back up over continuation bytes (10xxxxxx) so a multi-byte sequence is never split.
    static func truncatedLength(_ utf8: [UInt8], toAtMost limit: Int) -> Int {
        if utf8.count <= limit { return utf8.count }
        var end = limit
        while end > 0 && utf8[end] & 0xC0 == 0x80 {
            end -= 1
        }
        return end
    }
}
