/// The lifecycle of one WebSocket connection after the upgrade: heartbeat, the closing handshake and
/// failure, as a value-type state machine. Each input returns the one action the shell (the event loop's
/// connection code) must perform; time is passed in as monotonic milliseconds so tests control it.
///
/// Owned by the connection's loop thread.
public struct WebSocketSession: Sendable {
    /// What the shell does after an input.
    public enum Action: Equatable, Sendable {
        /// Nothing.
        case none
        /// Hand the message just parsed to the application.
        case deliver
        /// Answer a ping with a pong carrying the same payload (RFC 6455 §5.5.3).
        case sendPong([UInt8])
        /// Send a ping (an empty payload is enough) and call `tick` again by `nextDeadlineMs`.
        case sendPing
        /// Send a close frame, keep reading until the peer's close arrives or `tick` says the wait is over.
        case sendClose(code: UInt16, reason: String)
        /// Send a close frame, then close the socket without waiting for an answer.
        case sendCloseAndShutdown(code: UInt16, reason: String)
        /// Close the socket; the closing handshake is complete or abandoned.
        case closeConnection
    }

    /// The coarse state, for the shell's bookkeeping and for metrics.
    public enum Phase: Sendable, Equatable {
        case open
        case closing  // we sent close and await the peer's
        case closed
    }

    enum State: Sendable {
        /// `pingSentMs` is set while a ping is outstanding, i.e. nothing has arrived since we sent it.
        case open(lastHeardMs: Int64, pingSentMs: Int64?)
        case closing(deadlineMs: Int64)
        case closed
    }

    /// The code we close with when a ping goes unanswered. 1001 (going away) rather than 1011 (internal
    /// error): nothing failed inside the server, we are leaving a connection that looks dead, and clients
    /// treat 1001 as an ordinary reason to reconnect instead of reporting a server fault.
    public static let pongTimeoutCloseCode = WebSocketCloseCode.goingAway

    public let timeouts: WebSocketTimeouts
    var state: State

    /// `now` is the time of the upgrade; the connection counts as heard from then.
    public init(timeouts: WebSocketTimeouts = .init(), now: Int64) {
        precondition(timeouts.pingIntervalMs > 0 && timeouts.pongTimeoutMs > 0 && timeouts.closeTimeoutMs >= 0,
                     "WebSocket timeouts must be positive: \(timeouts)")
        self.timeouts = timeouts
        self.state = .open(lastHeardMs: now, pingSentMs: nil)
    }

    public var phase: Phase {
        switch state {
        case .open: return .open
        case .closing: return .closing
        case .closed: return .closed
        }
    }

    /// When the shell must call `tick` next, or nil when no timer is needed (closed).
    public var nextDeadlineMs: Int64? {
        switch state {
        case .open(let lastHeardMs, nil): return lastHeardMs + timeouts.pingIntervalMs
        case .open(_, let pingSentMs?): return pingSentMs + timeouts.pongTimeoutMs
        case .closing(let deadlineMs): return deadlineMs
        case .closed: return nil
        }
    }

    /// A data message arrived. After we sent close the peer's remaining data is ignored (RFC 6455 §1.4).
    public mutating func messageReceived(at now: Int64) -> Action {
        switch state {
        case .open:
            heard(at: now)
            return .deliver
        case .closing, .closed:
            return .none
        }
    }

    public mutating func pingReceived(_ payload: UnsafeRawBufferPointer, at now: Int64) -> Action {
        switch state {
        case .open:
            heard(at: now)
            return .sendPong(Array(payload))
        case .closing, .closed:
            return .none
        }
    }

    /// A pong, solicited or not; like any frame it proves the peer alive.
    public mutating func pongReceived(at now: Int64) -> Action {
        switch state {
        case .open:
            heard(at: now)
            return .none
        case .closing, .closed:
            return .none
        }
    }

    /// The peer's close frame. When it starts the handshake we echo its code (1000 when it sent none) and
    /// close the socket at once: RFC 6455 §7.1.1 wants the server to close TCP first. When it answers our
    /// close the handshake is done.
    public mutating func closeReceived(code: UInt16?, at now: Int64) -> Action {
        switch state {
        case .open:
            state = .closed
            return .sendCloseAndShutdown(code: code ?? WebSocketCloseCode.normal, reason: "")
        case .closing:
            state = .closed
            return .closeConnection
        case .closed:
            return .none
        }
    }

    /// The server wants to end the connection (shutdown, policy, slow consumer).
    public mutating func close(code: UInt16, reason: String, at now: Int64) -> Action {
        switch state {
        case .open:
            state = .closing(deadlineMs: now + timeouts.closeTimeoutMs)
            return .sendClose(code: code, reason: reason)
        case .closing, .closed:
            return .none
        }
    }

    /// The parser failed: tell the peer why and close, without waiting, since nothing more it sends can be
    /// read. If we already sent a close frame, a second one is not allowed, so just close.
    public mutating func parseFailed(closeCode: UInt16, reason: String) -> Action {
        switch state {
        case .open:
            state = .closed
            return .sendCloseAndShutdown(code: closeCode, reason: reason)
        case .closing:
            state = .closed
            return .closeConnection
        case .closed:
            return .none
        }
    }

    /// The socket ended under us (EOF, reset, write error): nothing is left to send.
    public mutating func connectionLost() -> Action {
        state = .closed
        return .none
    }

    /// The timer fired. Pings only after `pingIntervalMs` of silence and never while one is outstanding, so
    /// at most once per interval; gives up `pongTimeoutMs` after an unanswered ping or `closeTimeoutMs` after
    /// our close.
    public mutating func tick(at now: Int64) -> Action {
        switch state {
        case .open(let lastHeardMs, nil):
            guard now - lastHeardMs >= timeouts.pingIntervalMs else { return .none }
            state = .open(lastHeardMs: lastHeardMs, pingSentMs: now)
            return .sendPing
        case .open(_, let pingSentMs?):
            guard now - pingSentMs >= timeouts.pongTimeoutMs else { return .none }
            state = .closed
            return .sendCloseAndShutdown(code: Self.pongTimeoutCloseCode, reason: "ping timeout")
        case .closing(let deadlineMs):
            guard now >= deadlineMs else { return .none }
            state = .closed
            return .closeConnection
        case .closed:
            return .none
        }
    }

    /// Any frame from the peer resets the silence clock and answers an outstanding ping. A timestamp older
    /// than the last one (a shell reusing a batch's time) never moves the clock back.
    private mutating func heard(at now: Int64) {
        switch state {
        case .open(let lastHeardMs, _):
            state = .open(lastHeardMs: max(lastHeardMs, now), pingSentMs: nil)
        case .closing, .closed:
            preconditionFailure("heard(at:) in state \(state)")
        }
    }
}
