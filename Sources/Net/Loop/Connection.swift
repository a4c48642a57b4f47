/// One slot of a loop's connection table. Plain struct in a pointer table (no class, no Array of optionals), so the
/// hot path touches it in place without reference counting or exclusivity checks. Loop thread only.
struct Connection {
    enum Phase: Equatable {
        case free
        case open
        /// Everything was sent and the write side is shut: unread input is discarded until the peer closes or the
        /// linger deadline passes, so the peer reads our last response instead of a reset.
        case lingering
        /// shutdown(2) was issued; the slot is freed when no operation is in flight any more.
        case closing
    }

    enum Mode: Equatable { case http, webSocket }

    enum Deadline: Equatable { case none, header, body, idle, response, linger, webSocket }

    var fd: Int32 = -1
    var generation: UInt32 = 0
    var phase: Phase = .free
    var mode: Mode = .http
    var receiveArmed = false
    var sendInFlight = false
    /// Queued for the end-of-turn flush already.
    var flushScheduled = false
    /// Close (after lingering) once everything queued has been sent.
    var closeAfterFlush = false
    var sending = OutboundBuffer()           // handed to the kernel; unchanged until its completion
    var sendOffset = 0
    var queued = OutboundBuffer()            // collects what the next send carries
    var deadline: Deadline = .none
    var deadlineMs: Int64 = 0
    var inTimerWheel = false
    /// The earliest deadline an entry in the wheel stands for (`.max` when none).
    var wheelDeadlineMs: Int64 = .max
    var remoteAddress = ""
    var peer = PeerAddress.unknown
    var http = HTTPConnectionState()
    var webSocket: WebSocketConnectionState? = nil
    var tls: TLSSession? = nil

    var hasOutput: Bool { !queued.isEmpty || sendInFlight }

    /// Resets a freed slot for a new descriptor; the generation moves on so stale completions are recognised.
    mutating func open(fd: Int32, limits: HTTPLimits, peer: PeerAddress, remoteAddress: String) {
        precondition(phase == .free, "opening slot in phase \(phase)")
        self.fd = fd
        generation = UserData.nextGeneration(after: generation)
        phase = .open
        mode = .http
        receiveArmed = false
        sendInFlight = false
        flushScheduled = false
        closeAfterFlush = false
        sendOffset = 0
        deadline = .none
        // inTimerWheel and wheelDeadlineMs stay: an entry left by the slot's previous connection is still in the
        // wheel and will look at this connection's deadline instead.
        self.remoteAddress = remoteAddress
        self.peer = peer
        http = HTTPConnectionState(limits: limits)
        webSocket = nil
        tls = nil
    }

    /// Frees the slot's memory; the descriptor is closed by the caller.
    mutating func release(pool: inout BufferPool) {
        precondition(!sendInFlight && !receiveArmed, "releasing slot with an operation in flight")
        sending.release(to: &pool)
        queued.release(to: &pool)
        http = HTTPConnectionState()
        webSocket = nil
        tls = nil
        remoteAddress = ""
        peer = .unknown
        fd = -1
        phase = .free
    }
}

/// The HTTP side of a connection: the parser, the request being read, and the order responses must leave in.
struct HTTPConnectionState {
    var parser = HTTPRequestParser()
    var readingHead: HTTPRequestHead? = nil  // head of the request whose body is arriving
    var readingBody: [UInt8] = []
    /// Parsing stopped for good on this connection (an error was answered, or an upgrade began).
    var stopped = false
    /// Sequence number given to the next request, and the one whose response leaves next.
    var nextSequence: UInt32 = 0
    var nextToWrite: UInt32 = 0
    /// What each outstanding request needs for its response, indexed from `nextToWrite`.
    var outstanding: [RequestInfo] = []
    /// Responses that are ready before an earlier one (pipelining); released in order.
    var readyEarly: [UInt32: HTTPResponse] = [:]
    /// The file or stream response being sent (it is the one due: later responses wait in `readyEarly`).
    var bodyStream: BodyStream? = nil
    /// Input that arrived after an upgrade request, before the handler accepted it.
    var upgradeInput: [UInt8] = []

    init() {}
    init(limits: HTTPLimits) { parser = HTTPRequestParser(limits: limits) }

    var awaitingResponses: Bool { nextToWrite != nextSequence }
}

/// Per-request facts the response needs.
struct RequestInfo {
    var isHead: Bool
    var keepAlive: Bool
    var isUpgrade: Bool
    /// Kept only when the response needs it: Range or If-None-Match (for `HTTPConditional`), or an upgrade
    /// (for the handshake).
    var requestHead: HTTPRequestHead?
    /// An error answered by the loop itself: the connection closes after it.
    var closesConnection: Bool
}

/// The WebSocket side of an upgraded connection.
struct WebSocketConnectionState {
    var parser: WebSocketFrameParser
    var session: WebSocketSession
    var handler: any WebSocketHandler
    var closedNotified = false
    /// The close code sent or received, reported to the handler when the connection is gone.
    var closeCode: UInt16? = nil
}

/// A response body that leaves piece by piece, each piece asked for once the previous one is out.
enum BodyStream: Equatable {
    case file(UInt64)
    case producer(UInt64, HTTPBodyStream)
}
