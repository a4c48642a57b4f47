extension EventLoop {
    /// Graceful shutdown: stop accepting, close idle connections now, let requests in progress finish (their
    /// responses say `Connection: close`), tell WebSockets we are going away, and close the rest at the deadline.
    func beginShutdown() {
        guard shutdownDeadlineMs == nil else { return }
        shutdownDeadlineMs = nowMs + config.drainTimeoutMs
        for l in listeners.indices where acceptArmed[l] {
            driver.cancelAccept(listenFD: listeners[l], listener: l)
            acceptArmed[l] = false
        }
        for i in 0..<capacity where table[i].phase == .open {
            switch table[i].mode {
            case .webSocket:
                webSocketClose(i, code: WebSocketCloseCode.goingAway, reason: "server shutting down")
            case .http:
                let h = table[i].http
                if !h.awaitingResponses && !h.parser.hasPartialRequest && h.readingHead == nil {
                    beginClose(i)
                } else {
                    table[i].closeAfterFlush = true
                }
            }
        }
    }
}
