import Net

/// A Parley subscriber: upgrades `GET /api/v4/websocket` with a Bearer token, then reads events. Ready once
/// `hello` arrived; fails on a refused upgrade, a broken frame stream or a close frame.
struct WebSocketSubscriber: SubscriberMachine {
    /// A masked close frame with code 1000: the run is over and this client will not resume.
    var farewell: [UInt8] {
        var out: [UInt8] = []
        let payload: [UInt8] = [0x03, 0xE8]
        payload.withUnsafeBytes { WebSocketFrameEncoder.encodeMasked(.close, payload: $0, maskKey: 0x5A17_C0DE, into: &out) }
        return out
    }

    typealias Context = WebSocketEvents

    /// The largest event this tool accepts; a `posted` event of a 16,383-character message is about 70 KB.
    static let eventBytesMax = 1 << 20

    enum Phase: Sendable { case connecting, upgrading, open, closed }

    private(set) var phase = Phase.connecting
    private let request: [UInt8]
    private var head = StreamBuffer(bytesMax: HTTPResponseFraming.headBytesMax)
    private var parser: WebSocketFrameParser
    private var sequence = WebSocketSequence()
    private var outbound: [UInt8] = []

    /// `request` is the whole upgrade request (see `upgradeRequest`), shared by every connection of a user.
    init(request: [UInt8]) {
        self.request = request
        var limits = WebSocketLimits()
        limits.messageBytesMax = Self.eventBytesMax
        limits.validatesText = false  // Redis's payloads are not checked either; the cost would fall on the server's cores
        parser = WebSocketFrameParser(limits: limits, expectMasked: false)
    }

    static func upgradeRequest(host: String, token: String) -> [UInt8] {
        Array(("GET /api/v4/websocket HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: cGFybGV5LWxvYWQtd3MxNg==\r\nSec-WebSocket-Version: 13\r\n"
            + "Authorization: Bearer \(token)\r\n\r\n").utf8)
    }

    mutating func connected() -> SubscriberAction {
        switch phase {
        case .connecting:
            phase = .upgrading
            outbound = request
            return .write
        case .upgrading, .open, .closed:
            preconditionFailure("connected() in phase \(phase)")
        }
    }

    mutating func received(_ input: UnsafeRawBufferPointer, context: inout WebSocketEvents) -> SubscriberAction {
        switch phase {
        case .connecting:
            preconditionFailure("bytes before the connection was up")
        case .upgrading:
            return readHead(input, context: &context)
        case .open:
            return readFrames(input, context: &context)
        case .closed:
            return .wait
        }
    }

    mutating func takeOutbound() -> [UInt8] {
        defer { outbound = [] }
        return outbound
    }

    /// Waits for the complete 101 head; frames may follow it in the same read.
    private mutating func readHead(_ input: UnsafeRawBufferPointer, context: inout WebSocketEvents) -> SubscriberAction {
        var step = HTTPResponseFraming.Step.needMore
        var rest: [UInt8] = []
        let kept = head.feed(input) { bytes in
            step = HTTPResponseFraming.parse(bytes)
            guard case .response(_, _, let end) = step else { return 0 }
            rest = Array(bytes[end...])
            return bytes.count
        }
        switch step {
        case .needMore:
            return kept ? .wait : fail("upgrade response head too long")
        case .invalid(let why):
            return fail("upgrade response: \(why)")
        case .response(let responseHead, _, _):
            guard responseHead.status == 101 else { return fail("upgrade refused with HTTP \(responseHead.status)") }
            phase = .open
            head = StreamBuffer(bytesMax: 0)
            return rest.isEmpty ? .wait : rest.withUnsafeBytes { readFrames($0, context: &context) }
        }
    }

    private mutating func readFrames(_ input: UnsafeRawBufferPointer, context: inout WebSocketEvents) -> SubscriberAction {
        let wasReady = sequence.expected != nil
        context.sequence = sequence
        context.closeCode = nil
        let result = parser.parse(input, delegate: &context)
        sequence = context.sequence
        if !wasReady, sequence.expected != nil { context.recorder.ready += 1 }
        if case .failed(let code, let reason) = result { return fail("frame stream broken (\(code)): \(reason)") }
        if let code = context.closeCode { return fail("server closed the WebSocket (\(code.map(String.init) ?? "no code"))") }
        guard !context.replies.isEmpty else { return .wait }
        outbound.append(contentsOf: context.replies)
        context.replies.removeAll(keepingCapacity: true)
        return .write
    }

    private mutating func fail(_ reason: String) -> SubscriberAction {
        phase = .closed
        return .fail(reason)
    }

    /// Whether `hello` has arrived, so the connection counts as a subscriber.
    var isReady: Bool { sequence.expected != nil }
}
