/// The WebSocket parser's delegate for one `parse` call: complete messages go to the handler at once (their
/// bytes are valid only then; the handler reaches the loop only through its mailbox), and what the session
/// decides is collected for the loop to perform after the parser is stored back.
struct FrameCollector: WebSocketFrameDelegate {
    var session: WebSocketSession
    let handler: any WebSocketHandler
    let channel: WebSocketChannel
    let nowMs: Int64
    var actions: [WebSocketSession.Action] = []
    var closeCode: UInt16? = nil
    var messages = 0

    mutating func message(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        guard session.messageReceived(at: nowMs) == .deliver else { return }
        messages += 1
        handler.received(opcode, payload, channel: channel)
    }

    mutating func ping(_ payload: UnsafeRawBufferPointer) {
        actions.append(session.pingReceived(payload, at: nowMs))
    }

    mutating func pong(_ payload: UnsafeRawBufferPointer) {
        actions.append(session.pongReceived(at: nowMs))
    }

    mutating func close(code: UInt16?, reason: UnsafeRawBufferPointer) {
        closeCode = code ?? WebSocketCloseCode.normal
        actions.append(session.closeReceived(code: code, at: nowMs))
    }
}
