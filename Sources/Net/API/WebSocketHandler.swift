/// Owns one upgraded connection's messages. Every method is called on the connection's loop thread, in order.
public protocol WebSocketHandler: AnyObject, Sendable {
    func opened(_ channel: WebSocketChannel)
    /// A complete message (text is valid UTF-8). The bytes are valid only during the call.
    func received(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, channel: WebSocketChannel)
    /// The connection is gone, with the peer's or our close code when there was one.
    func closed(_ channel: WebSocketChannel, code: UInt16?)
}

/// The way to one WebSocket connection, usable from any thread.
public struct WebSocketChannel: Sendable, Hashable {
    let mailbox: LoopMailbox
    let slot: UInt32
    let generation: UInt32

    public static func == (a: WebSocketChannel, b: WebSocketChannel) -> Bool {
        a.mailbox === b.mailbox && a.slot == b.slot && a.generation == b.generation
    }

    public func hash(into h: inout Hasher) {
        h.combine(ObjectIdentifier(mailbox))
        h.combine(slot)
        h.combine(generation)
    }

    /// Queues a text message. False when the loop's inbox is full (the caller treats the peer as slow).
    @discardableResult
    public func send(text: String) -> Bool {
        var frame: [UInt8] = []
        WebSocketFrameEncoder.encodeText(text, into: &frame)
        return send(frame: WebSocketFrame(bytes: frame))
    }

    /// Queues an already encoded frame; one encoding may be shared by many connections.
    @discardableResult
    public func send(frame: WebSocketFrame) -> Bool {
        mailbox.push(.webSocketSend(slot: slot, generation: generation, frame: frame))
    }

    /// Runs `work` on this connection's loop thread, in order with its other messages. Sends made from there in one
    /// go leave together in the loop's next flush.
    public func onLoop(_ work: @escaping @Sendable () -> Void) {
        mailbox.push(.run(work))
    }

    /// The loop this connection lives on, for work that reaches many of its connections at once.
    public var loop: WebSocketLoop { WebSocketLoop(mailbox: mailbox) }

    public func close(code: UInt16 = WebSocketCloseCode.normal, reason: String = "") {
        mailbox.push(.webSocketClose(slot: slot, generation: generation, code: code, reason: reason))
    }

    /// Which loop and slot this is, for logs.
    public var description: String { "ws[\(slot).\(generation)]" }
}

/// An encoded server frame, immutable, shared by every connection it is sent to.
public final class WebSocketFrame: Sendable {
    public let bytes: [UInt8]
    public init(bytes: [UInt8]) { self.bytes = bytes }

    public static func text(_ s: String) -> WebSocketFrame {
        var out: [UInt8] = []
        WebSocketFrameEncoder.encodeText(s, into: &out)
        return WebSocketFrame(bytes: out)
    }
}
