/// Frame header decoding and the checks a header alone decides (RFC 6455 §5.2, §5.4, §5.5).
extension WebSocketFrameParser {
    /// What the bytes of a (possibly partial) header amount to.
    enum HeaderDecode {
        /// The header is `total` bytes long, or at least that long if only part of its length field is known.
        case needMore(total: Int)
        case invalid(Violation)
        case complete(Frame, headerLength: Int)
    }

    /// The verdict on a header's first two bytes.
    enum FirstBytes {
        case valid(WebSocketOpcode)
        case invalid(Violation)
    }

    /// A rule the header breaks, with the close code it earns.
    struct Violation {
        var closeCode: UInt16
        var reason: String

        static func protocolError(_ reason: String) -> Violation {
            Violation(closeCode: WebSocketCloseCode.protocolError, reason: reason)
        }
    }

    /// Decodes a header from the start of `bytes`. The checks run in a fixed order as soon as the bytes they
    /// need are present (the first two bytes, then the whole header), so however the stream is split the
    /// same rule fails first.
    func decodeHeader(_ bytes: UnsafeRawBufferPointer) -> HeaderDecode {
        guard bytes.count >= 2 else { return .needMore(total: 2) }
        let first = bytes[0]
        let second = bytes[1]
        let opcode: WebSocketOpcode
        switch checkFirstBytes(first, second) {
        case .invalid(let violation):
            return .invalid(violation)
        case .valid(let checked):
            opcode = checked
        }
        let masked = second & 0x80 != 0
        let length7 = second & 0x7F
        let lengthBytes = length7 == 127 ? 8 : (length7 == 126 ? 2 : 0)
        let headerLength = 2 + lengthBytes + (masked ? 4 : 0)
        guard bytes.count >= headerLength else { return .needMore(total: headerLength) }

        // Longer-than-necessary length encodings are accepted: RFC 6455 asks senders for the minimal form
        // but gives receivers no reason to refuse the others.
        var length = UInt64(length7)
        if lengthBytes > 0 {
            length = 0
            for index in 0..<lengthBytes { length = length << 8 | UInt64(bytes[2 + index]) }
        }
        guard length <= UInt64(Int64.max) else {
            return .invalid(.protocolError("64-bit payload length has its top bit set"))
        }
        if let violation = checkLength(Int(length), opcode) { return .invalid(violation) }
        var maskKey: UInt32?
        if masked {
            let at = 2 + lengthBytes
            maskKey = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
                | UInt32(bytes[at + 3])
        }
        let frame = Frame(fin: first & 0x80 != 0, opcode: opcode, maskKey: maskKey, remaining: Int(length), maskOffset: 0)
        return .complete(frame, headerLength: headerLength)
    }

    /// The checks the first two header bytes decide: reserved bits, opcode, control-frame shape, fragment
    /// order and masking.
    func checkFirstBytes(_ first: UInt8, _ second: UInt8) -> FirstBytes {
        // RSV1–3 have meaning only under an extension, and Parley negotiates none (not even permessage-deflate).
        guard first & 0x70 == 0 else { return .invalid(.protocolError("reserved bits set")) }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            return .invalid(.protocolError("unknown opcode"))
        }
        let fin = first & 0x80 != 0
        switch opcode {
        case .close, .ping, .pong:
            guard fin else { return .invalid(.protocolError("fragmented control frame")) }
            guard second & 0x7F <= 125 else { return .invalid(.protocolError("control frame longer than 125 bytes")) }
        case .continuation:
            guard messageOpcode != nil else {
                return .invalid(.protocolError("continuation frame outside a fragmented message"))
            }
        case .text, .binary:
            guard messageOpcode == nil else {
                return .invalid(.protocolError("new data frame inside a fragmented message"))
            }
        }
        let masked = second & 0x80 != 0
        if masked != expectMasked {
            return .invalid(.protocolError(expectMasked ? "unmasked client frame" : "masked server frame"))
        }
        return .valid(opcode)
    }

    /// Size limits, decided from the header so an oversized message is refused before it is buffered.
    /// Control frames are already capped at 125 bytes by `checkFirstBytes`.
    func checkLength(_ length: Int, _ opcode: WebSocketOpcode) -> Violation? {
        if opcode.isControl { return nil }
        if let frameMax = limits.framePayloadBytesMax, length > frameMax {
            return Violation(closeCode: WebSocketCloseCode.messageTooBig, reason: "frame too big")
        }
        if length > limits.messageBytesMax - message.count {
            return Violation(closeCode: WebSocketCloseCode.messageTooBig, reason: "message too big")
        }
        return nil
    }
}
