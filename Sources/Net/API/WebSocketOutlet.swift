/// A loop's connections as seen by work that runs ON the loop (`WebSocketLoop.run`): one event handed to a loop
/// once is written to each of its target connections here, straight into their send queues, without a message
/// per connection. Valid only during the call it is passed to.
public struct WebSocketOutlet {
    let sink: any WebSocketSink

    /// Bytes queued and not yet taken by the kernel for `channel`, or nil when it is no longer an open WebSocket
    /// of this loop (the caller skips it).
    public func pendingBytes(_ channel: WebSocketChannel) -> Int? {
        sink.pendingBytes(slot: channel.slot, generation: channel.generation)
    }

    /// Queues one text frame of `payloadLength` bytes that `write` fills (all of them), straight into the
    /// connection's send queue. False when the connection is gone.
    @discardableResult
    public func sendText(_ channel: WebSocketChannel, payloadLength: Int, _ write: (UnsafeMutableRawBufferPointer) -> Void) -> Bool {
        sink.sendText(slot: channel.slot, generation: channel.generation, payloadLength: payloadLength, write)
    }

    /// Starts the close handshake with `code` (the handler's `closed` follows, as for any close).
    public func close(_ channel: WebSocketChannel, code: UInt16, reason: String) {
        sink.closeWebSocket(slot: channel.slot, generation: channel.generation, code: code, reason: reason)
    }
}

/// A loop, as a target for `run`. Equal for every connection of the same loop, so callers can group connections by it.
public struct WebSocketLoop: Sendable, Hashable {
    let mailbox: LoopMailbox

    public static func == (a: WebSocketLoop, b: WebSocketLoop) -> Bool { a.mailbox === b.mailbox }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(mailbox)) }

    /// Runs `work` on the loop thread in order with the loop's other messages. False when the loop's inbox is
    /// full: nothing was queued and the caller retries later (back-pressure).
    @discardableResult
    public func run(_ work: @escaping @Sendable (WebSocketOutlet) -> Void) -> Bool {
        mailbox.push(.outlet(work))
    }
}

/// What a loop offers `WebSocketOutlet` (the loop is generic over its driver; the outlet is not).
protocol WebSocketSink {
    func pendingBytes(slot: UInt32, generation: UInt32) -> Int?
    func sendText(slot: UInt32, generation: UInt32, payloadLength: Int, _ write: (UnsafeMutableRawBufferPointer) -> Void) -> Bool
    func closeWebSocket(slot: UInt32, generation: UInt32, code: UInt16, reason: String)
}
