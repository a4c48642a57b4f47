import Actors
import DequeModule
import Net
import Synchronization

/// One feed: what Mattermost calls a WebSocket connection (its `connection_id`), which may outlive the socket
/// carrying it (README Vocabulary: "connection" is a TCP connection here): after a drop its events
/// keep being numbered and held, within bounds, so that a reconnect with `connection_id` and `sequence_number`
/// receives exactly what it missed (notes §5.6). `seq` is assigned here, under the lock, when an event is queued
/// for the socket or held for it — after the drop decision, so a dropped event uses no number.
final class EventFeed: Sendable, FanoutMember {
    struct Held: Sendable {
        let seq: Int64
        let frame: EventFrame
        let bytes: Int
        /// Counted against the global resume budget (held while detached); a live window is bounded by count.
        var budgeted = false
    }

    struct State: Sendable {
        var socket: WebSocketChannel?
        var nextSeq: Int64 = 0
        var held = Deque<Held>()
        var heldBytes = 0
        /// Events queued since the socket's queue was last seen empty, and the unsent bytes last seen (counted in
        /// the hub's estimate of all unsent bytes).
        var queuedSinceEmpty = 0
        var pendingSeen = 0
        /// Events were lost while detached (over the bounds): a resume must start afresh.
        var lost = false
        var detachedAt: Int64?
    }

    enum Resume: Sendable {
        case resumed(replayed: Int)
        case refused
    }

    let id: String
    let userID: ID
    let token: String?
    let isAdmin: Bool
    let limits: RealtimeLimits
    let budget: ResumeBudget
    let unsent: UnsentBytes
    let state: Mutex<State>

    init(userID: ID, token: String?, isAdmin: Bool, socket: WebSocketChannel, limits: RealtimeLimits, budget: ResumeBudget,
         unsent: UnsentBytes) {
        id = MattermostID.fast()
        self.userID = userID
        self.token = token
        self.isAdmin = isAdmin
        self.limits = limits
        self.budget = budget
        self.unsent = unsent
        state = Mutex(State(socket: socket))
    }

    /// The next `seq` for a frame the socket sends itself (`hello`).
    func takeSeq() -> Int64 { state.withLock { s in defer { s.nextSeq += 1 }; return s.nextSeq } }

    /// Queues `frame` for this connection; runs on `loop`, the loop the fan-out handed it to.
    func deliver(_ frame: EventFrame, outlet: WebSocketOutlet, loop: WebSocketLoop) {
        if frame.omitUser == userID { return }
        let mentioned = frame.isMentioned(userID) ? userID : nil
        state.withLock { s in
            guard !s.lost else { return }
            guard let socket = s.socket else { hold(frame, mentioned: mentioned != nil, &s); return }
            guard socket.loop == loop else {
                // The connection resumed on another loop while this event was on its way: number it here, in
                // order, and forward it through that loop's inbox.
                let seq = hold(frame, mentioned: mentioned != nil, &s)
                let bytes = frame.bytes(seq: seq, mentionedUser: mentioned, admin: isAdmin)
                var out: [UInt8] = []
                bytes.withUnsafeBytes { WebSocketFrameEncoder.encode(.text, payload: $0, into: &out) }
                socket.send(frame: WebSocketFrame(bytes: out))
                return
            }
            guard let pending = outlet.pendingBytes(socket) else {
                s.socket = nil  // closed; the handler's `closed` tells the hub
                hold(frame, mentioned: mentioned != nil, &s); return
            }
            if pending == 0 { s.queuedSinceEmpty = 0 }
            let seq = s.nextSeq
            let length = frame.payloadLength(seq: seq, mentioned: mentioned != nil, admin: isAdmin)
            switch rule.verdict(pending: pending, length: length, ephemeral: frame.isEphemeral,
                                queuedSinceEmpty: s.queuedSinceEmpty, overGlobalCap: unsent.isOver) {
            case .drop:
                note(pending: pending, &s)
                return
            case .cut:
                // A slow consumer: closed with a clear code; what it misses stays held for its resume.
                outlet.close(socket, code: Self.slowConsumerCloseCode, reason: "slow consumer: too many unread bytes")
                s.socket = nil
                note(pending: 0, &s)
                hold(frame, mentioned: mentioned != nil, &s)
                return
            case .send:
                break
            }
            s.nextSeq += 1
            s.queuedSinceEmpty += 1
            outlet.sendText(socket, payloadLength: length) { out in
                frame.write(seq: seq, mentionedUser: mentioned, admin: isAdmin, into: out)
            }
            note(pending: pending + length, &s)
            keep(Held(seq: seq, frame: frame, bytes: length), live: true, &s)
        }
    }

    static let slowConsumerCloseCode: UInt16 = 4008

    /// Re-reads the socket's unsent bytes (on its loop) into the global figure; past the global cap a lagging
    /// socket is cut here too, since a hub holding events back delivers nothing that would cut it.
    func refresh(outlet: WebSocketOutlet, loop: WebSocketLoop) {
        state.withLock { s in
            guard let socket = s.socket, socket.loop == loop else { return }
            guard let pending = outlet.pendingBytes(socket) else { return }
            unsent.adjust(pending - s.pendingSeen)
            s.pendingSeen = pending
            if pending == 0 { s.queuedSinceEmpty = 0 }
            if unsent.isOver && pending > limits.sendBytesMax / 8 {
                outlet.close(socket, code: Self.slowConsumerCloseCode, reason: "slow consumer: the server's send memory is full")
                s.socket = nil
                unsent.adjust(-s.pendingSeen)
                s.pendingSeen = 0
            }
        }
    }

    private var rule: SlowConsumerRule { SlowConsumerRule(sendBytesMax: limits.sendBytesMax, sendEventsMax: limits.sendEventsMax) }

    /// Keeps the estimate of all sockets' unsent bytes in step with what this socket was last seen holding. The
    /// shared counter is touched only when the socket's figure moved by `unsentStepBytes` (or went to zero), so the
    /// loops do not contend on it per event; the estimate is off by at most that much per socket.
    private func note(pending: Int, _ s: inout State) {
        let delta = pending - s.pendingSeen
        guard pending == 0 || delta >= Self.unsentStepBytes || delta <= -Self.unsentStepBytes else { return }
        unsent.adjust(delta)
        s.pendingSeen = pending
    }

    static let unsentStepBytes = 16 << 10

    /// Numbers `frame` and keeps it for a resume (ephemeral events are not worth a number for a socket that is
    /// gone). Returns the seq given.
    @discardableResult
    private func hold(_ frame: EventFrame, mentioned: Bool, _ s: inout State) -> Int64 {
        let seq = s.nextSeq
        if frame.isEphemeral && s.socket == nil { return seq }
        s.nextSeq += 1
        keep(Held(seq: seq, frame: frame, bytes: frame.payloadLength(seq: seq, mentioned: mentioned, admin: isAdmin)),
             live: s.socket != nil, &s)
        return seq
    }

    /// Appends to the held events. A live connection keeps the last `liveHeldMax` (the window a resume after an
    /// unexpected drop needs); a detached one keeps everything up to `resumeBytesMax` and the global budget, past
    /// which it is marked lost and frees all it held.
    private func keep(_ h: Held, live: Bool, _ s: inout State) {
        var h = h
        if live {
            while s.held.count >= limits.liveHeldMax, let first = s.held.popFirst() { release(first, &s) }
        } else {
            guard s.heldBytes + h.bytes <= limits.resumeBytesMax, budget.take(h.bytes) else {
                s.lost = true
                while let first = s.held.popFirst() { release(first, &s) }
                return
            }
            h.budgeted = true
        }
        s.held.append(h)
        s.heldBytes += h.bytes
    }

    private func release(_ h: Held, _ s: inout State) {
        s.heldBytes -= h.bytes
        if h.budgeted { budget.give(h.bytes) }
    }

    /// Frees everything held (the connection is forgotten).
    func discard() {
        state.withLock { s in
            while let first = s.held.popFirst() { release(first, &s) }
            note(pending: 0, &s)
            s.lost = true
        }
    }

    func detach(_ socket: WebSocketChannel, at now: Int64) -> Bool {
        state.withLock { s in
            guard s.socket == socket || s.socket == nil else { return false }
            note(pending: 0, &s)
            s.socket = nil
            s.detachedAt = now
            return true
        }
    }

    /// On `loop`, the new socket's: takes it over if every event from `seq` on is still held (or none was sent
    /// since), replaying them through `outlet` with their numbers.
    func resume(on socket: WebSocketChannel, from seq: Int64, outlet: WebSocketOutlet) -> Resume {
        state.withLock { s in
            guard !s.lost, s.socket == nil, seq >= 0, seq <= s.nextSeq else { return .refused }
            if seq < s.nextSeq {
                guard let first = s.held.first, first.seq <= seq else { return .refused }
            }
            s.socket = socket
            s.detachedAt = nil
            var replayed = 0
            for h in s.held where h.seq >= seq {
                let mentioned = h.frame.isMentioned(userID) ? userID : nil
                outlet.sendText(socket, payloadLength: h.bytes) { out in
                    h.frame.write(seq: h.seq, mentionedUser: mentioned, admin: isAdmin, into: out)
                }
                replayed += 1
            }
            return .resumed(replayed: replayed)
        }
    }

    var detachedSince: Int64? { state.withLock { $0.socket == nil ? $0.detachedAt : nil } }
    var socket: WebSocketChannel? { state.withLock { $0.socket } }
    var isLost: Bool { state.withLock { $0.lost } }
}
