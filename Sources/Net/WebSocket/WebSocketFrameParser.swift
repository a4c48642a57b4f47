/// Decodes a client's byte stream into WebSocket messages and control frames (RFC 6455 §5).
///
/// Input may be split anywhere, down to single bytes; the parser keeps what it needs between calls, so a
/// caller can hand back its receive buffer as soon as `parse` returns. Everything a frame header reveals is
/// checked as soon as those header bytes are in, and a message that would exceed `messageBytesMax` is refused
/// from its header, before any of its payload is buffered. What stays buffered is bounded: the reassembled
/// message (≤ `messageBytesMax`), one control frame's payload (≤ 125 bytes, as a ping may arrive between two
/// fragments of a message) and one partial frame header (≤ 14 bytes).
///
/// Owned by one connection on one loop thread; a value type so it lives inline in the connection's slot.
public struct WebSocketFrameParser: Sendable {
    enum State: Sendable {
        case header  // collecting the next frame's header
        case payload  // reading `frame`'s payload
        case closed  // the peer's close frame was delivered; RFC 6455 forbids anything after it, so we discard it
        case failed(closeCode: UInt16, reason: String)  // permanent: a broken stream cannot be resynchronised
    }

    /// The frame whose payload is being read.
    struct Frame: Sendable {
        var fin: Bool
        var opcode: WebSocketOpcode
        var maskKey: UInt32?  // nil when the frame is unmasked; first wire byte most significant
        var remaining: Int  // payload bytes not yet read
        var maskOffset: Int  // payload bytes already read, so the mask continues at the right byte

        static let none = Frame(fin: true, opcode: .continuation, maskKey: nil, remaining: 0, maskOffset: 0)
    }

    let limits: WebSocketLimits
    let expectMasked: Bool
    var state: State = .header
    var frame: Frame = .none
    /// A frame header split across calls; at most 14 bytes.
    var headerBuffer: [UInt8] = []
    /// The data message being reassembled; never longer than `limits.messageBytesMax`.
    var message: [UInt8] = []
    /// `.text` or `.binary` from a message's first frame until its final one; nil between messages.
    var messageOpcode: WebSocketOpcode?
    /// The payload of the control frame being read; never longer than 125 bytes.
    var control: [UInt8] = []
    /// Validates a text message's bytes as they arrive, so a bad one fails without being buffered.
    var utf8 = UTF8Validator()

    /// `expectMasked` is true on the server: RFC 6455 §5.1 requires every client frame to be masked, and a
    /// server must fail an unmasked one with 1002. A client-side parser passes false.
    public init(limits: WebSocketLimits = .init(), expectMasked: Bool = true) {
        precondition(limits.messageBytesMax >= 0, "negative messageBytesMax \(limits.messageBytesMax)")
        self.limits = limits
        self.expectMasked = expectMasked
    }

    /// Bytes currently held between calls, for tests of the memory bound and for metrics.
    public var bufferedBytes: Int { headerBuffer.count + message.count + control.count }

    /// Parses `input`, calling `delegate` for each complete message and control frame in order. After a
    /// `.failed` result every later call returns the same failure without reading its input.
    public mutating func parse<D: WebSocketFrameDelegate>(
        _ input: UnsafeRawBufferPointer, delegate: inout D
    ) -> WebSocketParseResult {
        var offset = 0
        while true {
            switch state {
            case .header:
                if offset == input.count { return .consumed(input.count) }
                readHeader(input, offset: &offset)
            case .payload:
                // A zero-length frame completes without input, so this state is checked before the end test.
                readPayload(input, offset: &offset, delegate: &delegate)
                if offset == input.count, case .payload = state { return .consumed(input.count) }
            case .closed:
                return .consumed(input.count)
            case .failed(let closeCode, let reason):
                return .failed(closeCode: closeCode, reason: reason)
            }
        }
    }

    /// Moves header bytes from `input` until the header is complete, the input ends or the header is invalid.
    /// Headers that arrive whole are decoded straight from the input; only split ones are copied.
    mutating func readHeader(_ input: UnsafeRawBufferPointer, offset: inout Int) {
        if headerBuffer.isEmpty {
            let available = UnsafeRawBufferPointer(rebasing: input[offset...])
            switch decodeHeader(available) {
            case .needMore:
                break  // fall through to the buffering path below
            case .invalid(let violation):
                return fail(violation.closeCode, violation.reason)
            case .complete(let decoded, let headerLength):
                offset += headerLength
                return begin(decoded)
            }
        }
        while true {
            let decoded = headerBuffer.withUnsafeBytes { decodeHeader($0) }
            switch decoded {
            case .needMore(let total):
                let take = min(total - headerBuffer.count, input.count - offset)
                if take == 0 { return }
                headerBuffer.append(contentsOf: input[offset..<(offset + take)])
                offset += take
            case .invalid(let violation):
                return fail(violation.closeCode, violation.reason)
            case .complete(let decoded, _):
                headerBuffer.removeAll(keepingCapacity: true)
                return begin(decoded)
            }
        }
    }

    /// Starts reading a frame whose header checked out.
    mutating func begin(_ decoded: Frame) {
        frame = decoded
        state = .payload
        if decoded.opcode == .text || decoded.opcode == .binary {
            messageOpcode = decoded.opcode
            utf8 = UTF8Validator()
        }
    }

    /// Reads as much of the current frame's payload as `input` holds, unmasking it into the message or
    /// control buffer, and finishes the frame when its last byte is in.
    mutating func readPayload<D: WebSocketFrameDelegate>(
        _ input: UnsafeRawBufferPointer, offset: inout Int, delegate: inout D
    ) {
        let take = min(frame.remaining, input.count - offset)
        if take > 0 {
            let chunk = UnsafeRawBufferPointer(rebasing: input[offset..<(offset + take)])
            offset += take
            if frame.opcode.isControl {
                Self.appendUnmasked(chunk, to: &control, key: frame.maskKey, maskOffset: frame.maskOffset)
            } else {
                let start = message.count
                Self.appendUnmasked(chunk, to: &message, key: frame.maskKey, maskOffset: frame.maskOffset)
                precondition(message.count <= limits.messageBytesMax, "message grew past the limit its header passed")
                if messageOpcode == .text, limits.validatesText, !validateText(from: start) { return }
            }
            frame.remaining -= take
            frame.maskOffset += take
        }
        if frame.remaining == 0 { finishFrame(delegate: &delegate) }
    }

    /// Feeds the message bytes from `start` on to the UTF-8 validator; fails the stream at the first
    /// impossible byte, even mid-fragment, rather than buffering a message that can never be valid.
    mutating func validateText(from start: Int) -> Bool {
        let valid = message.withUnsafeBytes { utf8.feed(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        if !valid { fail(WebSocketCloseCode.invalidPayload, "text message is not valid UTF-8") }
        return valid
    }

    /// Delivers a frame whose payload is complete and gets ready for the next header.
    mutating func finishFrame<D: WebSocketFrameDelegate>(delegate: inout D) {
        state = .header
        switch frame.opcode {
        case .ping:
            control.withUnsafeBytes { delegate.ping($0) }
            control.removeAll(keepingCapacity: true)
        case .pong:
            control.withUnsafeBytes { delegate.pong($0) }
            control.removeAll(keepingCapacity: true)
        case .close:
            finishClose(delegate: &delegate)
        case .text, .binary, .continuation:
            if frame.fin { finishMessage(delegate: &delegate) }
        }
    }

    mutating func finishMessage<D: WebSocketFrameDelegate>(delegate: inout D) {
        guard let opcode = messageOpcode else {
            preconditionFailure("final \(frame.opcode) frame outside a message passed the header checks")
        }
        if opcode == .text && !utf8.isComplete {
            return fail(WebSocketCloseCode.invalidPayload, "text message ends inside a UTF-8 sequence")
        }
        message.withUnsafeBytes { delegate.message(opcode, $0) }
        messageOpcode = nil
        if message.capacity > limits.retainedBufferBytesMax {
            message = []
        } else {
            message.removeAll(keepingCapacity: true)
        }
    }

    /// Checks the close payload (RFC 6455 §5.5.1, §7.4) before handing it on: empty, or a valid code and a
    /// UTF-8 reason.
    mutating func finishClose<D: WebSocketFrameDelegate>(delegate: inout D) {
        if control.count == 1 {
            return fail(WebSocketCloseCode.protocolError, "close frame payload of 1 byte")
        }
        var code: UInt16?
        if control.count >= 2 {
            let received = UInt16(control[0]) << 8 | UInt16(control[1])
            guard WebSocketCloseCode.isValidOnWire(received) else {
                return fail(WebSocketCloseCode.protocolError, "invalid close code")
            }
            code = received
        }
        let reasonStart = min(2, control.count)
        let reasonValid = control.withUnsafeBytes { bytes in
            var validator = UTF8Validator()
            return validator.feed(UnsafeRawBufferPointer(rebasing: bytes[reasonStart...])) && validator.isComplete
        }
        guard reasonValid else { return fail(WebSocketCloseCode.invalidPayload, "close reason is not valid UTF-8") }
        control.withUnsafeBytes { delegate.close(code: code, reason: UnsafeRawBufferPointer(rebasing: $0[reasonStart...])) }
        state = .closed
        releaseBuffers()
    }

    /// Enters the permanent failed state and lets go of buffered data nobody will read.
    mutating func fail(_ closeCode: UInt16, _ reason: String) {
        state = .failed(closeCode: closeCode, reason: reason)
        releaseBuffers()
    }

    private mutating func releaseBuffers() {
        headerBuffer = []
        message = []
        control = []
        messageOpcode = nil
    }
}
