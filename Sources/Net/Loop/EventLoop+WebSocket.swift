extension EventLoop {
    /// The handler accepted the upgrade: validate the handshake, send 101, and hand the connection over.
    func upgrade(_ i: Int, sequence: UInt32, handler: any WebSocketHandler, extraHeaders: [(String, String)]) {
        guard table[i].phase == .open, table[i].mode == .http, sequence == table[i].http.nextToWrite,
              let info = table[i].http.outstanding.first, info.isUpgrade, let head = info.requestHead else {
            // Not an upgrade request, or not the one due: answer in order as a plain error.
            deliver(i, sequence: sequence, response: renderError(400, "not a WebSocket upgrade request"))
            return
        }
        switch WebSocketHandshake.validate(method: head.method, versionMinor: head.versionMinor,
                                           header: { head.headers[$0] }) {
        case .failure(let error):
            var r = renderError(error.status, error.reason)
            if error.status == 426 { r.headers.add(name: "Sec-WebSocket-Version", value: "13") }
            deliver(i, sequence: sequence, response: r)
        case .success(let accept):
            table[i].http.outstanding.removeFirst()
            table[i].http.nextToWrite &+= 1
            counters.responses += 1
            emit(i, WebSocketHandshake.responseHead(accept: accept, extraHeaders: extraHeaders))
            let input = table[i].http.upgradeInput
            table[i].http = HTTPConnectionState()
            table[i].mode = .webSocket
            var timeouts = WebSocketTimeouts()
            timeouts.pingIntervalMs = config.webSocketPingIntervalMs
            timeouts.pongTimeoutMs = config.webSocketPongTimeoutMs
            table[i].webSocket = WebSocketConnectionState(
                parser: WebSocketFrameParser(limits: config.webSocket, expectMasked: true),
                session: WebSocketSession(timeouts: timeouts, now: nowMs), handler: handler)
            counters.webSocketsOpen += 1
            handler.opened(channel(i))
            if !input.isEmpty {
                input.withUnsafeBytes { receivedWebSocket(i, $0) }
            }
            updateWebSocketDeadline(i)
        }
    }

    func channel(_ i: Int) -> WebSocketChannel {
        WebSocketChannel(mailbox: mailbox, slot: UInt32(i), generation: table[i].generation)
    }

    func receivedWebSocket(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        guard table[i].phase == .open, var ws = table[i].webSocket else { return }
        table[i].webSocket = nil  // moved out while parsing; the handler reaches the loop only via the mailbox
        var collector = FrameCollector(session: ws.session, handler: ws.handler, channel: channel(i), nowMs: nowMs)
        let result = ws.parser.parse(bytes, delegate: &collector)
        if case let .failed(code, reason) = result {
            collector.actions.append(collector.session.parseFailed(closeCode: code, reason: reason))
            ws.closeCode = code
        }
        ws.session = collector.session
        if let code = collector.closeCode { ws.closeCode = code }
        table[i].webSocket = ws
        counters.webSocketMessagesIn += collector.messages
        for action in collector.actions { perform(i, action) }
        updateWebSocketDeadline(i)
    }

    /// Does what the session decided.
    func perform(_ i: Int, _ action: WebSocketSession.Action) {
        switch action {
        case .none, .deliver:
            return
        case .sendPong(let payload):
            emitFrame(i, .pong, payload)
        case .sendPing:
            emitFrame(i, .ping, [])
        case let .sendClose(code, reason):
            emitClose(i, code: code, reason: reason)
        case let .sendCloseAndShutdown(code, reason):
            emitClose(i, code: code, reason: reason)
            table[i].closeAfterFlush = true
            scheduleFlush(i)
        case .closeConnection:
            table[i].closeAfterFlush = true
            scheduleFlush(i)
        }
    }

    private func emitFrame(_ i: Int, _ opcode: WebSocketOpcode, _ payload: [UInt8]) {
        encodeBuffer.removeAll(keepingCapacity: true)
        payload.withUnsafeBytes { WebSocketFrameEncoder.encode(opcode, payload: $0, into: &encodeBuffer) }
        encodeBuffer.withUnsafeBytes { emit(i, $0) }
    }

    private func emitClose(_ i: Int, code: UInt16, reason: String) {
        if table[i].webSocket?.closeCode == nil { table[i].webSocket?.closeCode = code }
        encodeBuffer.removeAll(keepingCapacity: true)
        WebSocketFrameEncoder.encodeClose(code: code, reason: reason, into: &encodeBuffer)
        encodeBuffer.withUnsafeBytes { emit(i, $0) }
    }

    /// An application frame. A connection whose unsent bytes pass the budget is a slow consumer: it is closed
    /// so that it cannot hold the loop's memory (the client reconnects and resumes).
    func webSocketSend(_ i: Int, frame: WebSocketFrame) {
        guard table[i].phase == .open, table[i].mode == .webSocket,
              Self.sessionIsOpen(&table[i].webSocket) else { return }
        if table[i].queued.count + frame.bytes.count > config.sendQueueBytesMax {
            table[i].webSocket?.closeCode = WebSocketCloseCode.policyViolation
            beginClose(i)
            return
        }
        counters.webSocketFramesOut += 1
        frame.bytes.withUnsafeBytes { emit(i, $0) }
    }

    func webSocketClose(_ i: Int, code: UInt16, reason: String) {
        guard table[i].phase == .open, table[i].mode == .webSocket, table[i].webSocket != nil else { return }
        let action = table[i].webSocket!.session.close(code: code, reason: reason, at: nowMs)
        perform(i, action)
        updateWebSocketDeadline(i)
    }

    func webSocketTimer(_ i: Int) {
        guard table[i].webSocket != nil else { return }
        let action = table[i].webSocket!.session.tick(at: nowMs)
        perform(i, action)
        updateWebSocketDeadline(i)
    }

    private func updateWebSocketDeadline(_ i: Int) {
        guard table[i].phase == .open, let next = table[i].webSocket?.session.nextDeadlineMs else { return }
        setDeadline(i, .webSocket, after: max(0, next - nowMs))
    }

    /// The connection is going away: the handler hears it once.
    func connectionClosingHook(_ i: Int) {
        guard let ws = table[i].webSocket, !ws.closedNotified else { return }
        table[i].webSocket!.closedNotified = true
        _ = table[i].webSocket!.session.connectionLost()
        counters.webSocketsOpen -= 1
        ws.handler.closed(channel(i), code: ws.closeCode)
    }
}

extension EventLoop: WebSocketSink {
    /// Reads the session's phase in place: `table[i].webSocket?.session.phase` copied the whole connection state
    /// (parser buffers and handler included) on every event sent.
    @inline(__always)
    static func sessionIsOpen(_ ws: inout WebSocketConnectionState?) -> Bool {
        switch ws {
        case .some: return ws!.session.phase == .open
        case .none: return false
        }
    }

    private func openWebSocket(_ slot: UInt32, _ generation: UInt32) -> Int? {
        guard isCurrent(slot, generation) else { return nil }
        let i = Int(slot)
        guard table[i].phase == .open, table[i].mode == .webSocket, Self.sessionIsOpen(&table[i].webSocket) else { return nil }
        return i
    }

    func pendingBytes(slot: UInt32, generation: UInt32) -> Int? {
        guard let i = openWebSocket(slot, generation) else { return nil }
        return table[i].queued.count + (table[i].sending.count - table[i].sendOffset)
    }

    func sendText(slot: UInt32, generation: UInt32, payloadLength: Int, _ write: (UnsafeMutableRawBufferPointer) -> Void) -> Bool {
        guard let i = openWebSocket(slot, generation) else { return false }
        counters.webSocketFramesOut += 1
        encodeBuffer.removeAll(keepingCapacity: true)
        WebSocketFrameEncoder.appendTextHeader(payloadLength: payloadLength, into: &encodeBuffer)
        let headerBytes = encodeBuffer.count
        if table[i].tls == nil {
            // Header and payload straight into the send queue: one copy of the event's bytes, the one that matters.
            table[i].queued.append(byteCount: headerBytes + payloadLength, pool: &bufferPool) { out in
                encodeBuffer.withUnsafeBytes { out.copyMemory(from: $0) }
                write(UnsafeMutableRawBufferPointer(rebasing: out[headerBytes...]))
            }
            scheduleFlush(i)
            return true
        }
        encodeBuffer.append(contentsOf: repeatElement(0, count: payloadLength))
        encodeBuffer.withUnsafeMutableBytes { write(UnsafeMutableRawBufferPointer(rebasing: $0[headerBytes...])) }
        encodeBuffer.withUnsafeBytes { emit(i, $0) }
        return true
    }

    func closeWebSocket(slot: UInt32, generation: UInt32, code: UInt16, reason: String) {
        guard isCurrent(slot, generation) else { return }
        webSocketClose(Int(slot), code: code, reason: reason)
    }
}
