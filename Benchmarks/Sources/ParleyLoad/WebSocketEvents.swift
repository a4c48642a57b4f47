import Net

/// The frames of the Parley subscriber connection being read, as the Net frame parser delivers them: checks each
/// event's `seq`, records stamped `posted` events, and queues a pong for every ping. One per subscriber thread;
/// `sequence` and `replies` belong to the connection being read and are swapped in and out by its machine.
struct WebSocketEvents: SubscriberContext, WebSocketFrameDelegate {
    var recorder = DeliveryRecorder()
    var sequence = WebSocketSequence()
    /// Frames to send on the connection being read (pongs), masked as a client must.
    var replies: [UInt8] = []
    /// Set when the connection being read got a close frame.
    var closeCode: UInt16??

    init() {}

    mutating func message(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        // Events end with `"seq":N}`; a reply has `seq_reply` instead and is not counted.
        guard opcode == .text, let at = ByteSearch.findLast("\"seq\":", in: payload),
              let seq = ByteSearch.decimal(in: payload, at: at + 6) else { return }
        let event = Self.eventName(payload)
        if sequence.check(seq: Int64(seq.value), isHello: event == .hello) == .gap { recorder.seqGaps += 1 }
        if event == .posted, let stamp = SendStamp.find(in: payload, hint: &recorder.stampHint) {
            recorder.delivered(stamp, payloadBytes: payload.count)
        } else {
            recorder.otherEvents += 1
        }
    }

    mutating func ping(_ payload: UnsafeRawBufferPointer) {
        WebSocketFrameEncoder.encodeMasked(.pong, payload: payload, maskKey: 0x5A17_C0DE, into: &replies)
    }

    mutating func pong(_ payload: UnsafeRawBufferPointer) {}

    mutating func close(code: UInt16?, reason: UnsafeRawBufferPointer) {
        closeCode = .some(code)
    }

    enum Event: Equatable { case hello, posted, other }

    /// The envelope's `event`, looked up as `"event":"<name>"`: the post inside `data` is an escaped string, so
    /// its quotes are `\"` and cannot match.
    static func eventName(_ payload: UnsafeRawBufferPointer) -> Event {
        guard let at = ByteSearch.find("\"event\":\"", in: payload) else { return .other }
        let rest = UnsafeRawBufferPointer(rebasing: payload[(at + 9)...])
        if ByteSearch.hasPrefix("posted\"", rest) { return .posted }
        if ByteSearch.hasPrefix("hello\"", rest) { return .hello }
        return .other
    }
}

/// One connection's event numbering: `hello` is 0 and every later event is one more (API-NOTES §5.2).
struct WebSocketSequence: Sendable, Equatable {
    /// The `seq` the next event must carry; nil until `hello`.
    var expected: Int64?

    enum Verdict: Equatable { case inOrder, gap }

    mutating func check(seq: Int64, isHello: Bool) -> Verdict {
        defer { expected = seq + 1 }
        guard let expected else { return isHello && seq == 0 ? .inOrder : .gap }
        return seq == expected ? .inOrder : .gap
    }
}
