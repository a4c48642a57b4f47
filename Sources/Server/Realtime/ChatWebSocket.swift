import Actors
import Net
import Synchronization

/// One `/api/v4/websocket` socket (API-NOTES §5): authenticated at upgrade (cookie or header) or by the first
/// `authentication_challenge`; `hello` with `seq` 0 first, unless it resumes a `EventFeed` that still
/// holds every event it missed; events from the hub after that; replies carry `seq_reply`. Callbacks run on the
/// socket's loop thread; state is behind a mutex because authentication finishes on a task.
final class ChatWebSocket: WebSocketHandler {
    static let unauthenticatedCloseMillis = 5_000
    static let actionBytesMax = 8 << 10

    struct Identity: Sendable {
        var userID: ID
        var token: String
        var isAdmin: Bool
    }

    struct State: Sendable {
        var identity: Identity?
        var connection: EventFeed?
        var authenticating = false
        var closed = false
    }

    let chat: ChatContext
    private let state: Mutex<State>
    private let resumeFrom: (connectionID: String, seq: Int64)?

    init(chat: ChatContext, authenticated: Identity?, resumeFrom: (connectionID: String, seq: Int64)? = nil) {
        self.chat = chat
        state = Mutex(State(identity: authenticated))
        self.resumeFrom = authenticated == nil ? nil : resumeFrom
    }

    func opened(_ channel: WebSocketChannel) {
        if state.withLock({ $0.identity }) != nil {
            if let resumeFrom, !resumeFrom.connectionID.isEmpty {
                if !chat.hub.send(.resume(self, channel, connectionID: resumeFrom.connectionID, seq: resumeFrom.seq)) {
                    channel.close(code: WebSocketCloseCode.tryAgainLater, reason: "server busy")
                }
            } else {
                startFresh(channel)
            }
            return
        }
        Task { [self] in
            try? await Task.sleep(for: .milliseconds(Self.unauthenticatedCloseMillis))
            if state.withLock({ $0.identity == nil && !$0.closed }) {
                channel.close(code: WebSocketCloseCode.policyViolation, reason: "not authenticated")
            }
        }
    }

    /// A new Mattermost connection for this socket: `hello` (seq 0), then the hub registers it for events.
    func startFresh(_ channel: WebSocketChannel) {
        guard let who = state.withLock({ $0.identity }) else { return }
        let feed = EventFeed(userID: who.userID, token: who.token, isAdmin: who.isAdmin, socket: channel,
                                      limits: chat.hub.limits, budget: chat.hub.budget, unsent: chat.hub.unsent)
        let closed = state.withLock { s -> Bool in
            s.connection = feed
            return s.closed
        }
        sendHello(channel, user: who.userID, feed: feed)
        if !chat.hub.send(.opened(feed, channel)) {
            channel.close(code: WebSocketCloseCode.tryAgainLater, reason: "server busy")
        }
        // A socket that went away meanwhile: `closed` ran before the connection existed.
        if closed { chat.hub.send(.closed(feed, channel, code: nil)) }
    }

    /// The resumed connection now sends through this socket.
    func adopt(_ feed: EventFeed) {
        state.withLock { $0.connection = feed }
    }

    func closed(_ channel: WebSocketChannel, code: UInt16?) {
        let feed = state.withLock { s -> EventFeed? in
            s.closed = true
            return s.connection
        }
        if let feed { chat.hub.send(.closed(feed, channel, code: code)) }
    }

    func received(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, channel: WebSocketChannel) {
        guard opcode == .text, payload.count <= Self.actionBytesMax else {
            channel.close(code: WebSocketCloseCode.unsupportedData, reason: "text frames of at most 8 KiB")
            return
        }
        let parsed = try? JSONParser.parse(Array(payload))
        let seq = parsed?["seq"]?.int64 ?? 0
        guard let message = parsed, let action = message["action"]?.string else {
            reply(channel, seq: seq, error: ("api.web_socket_router.no_action.app_error", "No websocket action."))
            return
        }
        guard seq > 0 else {
            reply(channel, seq: seq, error: ("api.web_socket_router.bad_seq.app_error", "Invalid websocket sequence number."))
            return
        }
        if action == "authentication_challenge" {
            challenge(channel, seq: seq, token: message["data"]?["token"]?.string ?? "")
            return
        }
        guard let user = userID else {
            reply(channel, seq: seq, error: ("api.web_socket_router.not_authenticated.app_error", "Not authenticated."))
            return
        }
        if action == "user_update_active_status" {
            chat.runtime.presence.activity(user, active: message["data"]?["user_is_active"]?.bool ?? true)
        } else if action == "user_typing" {
            // Typing is activity; reading statuses, pings and acknowledgements are what idle clients do too.
            chat.runtime.presence.activity(user)
        }
        ChatWebSocketActions.handle(action, seq: seq, data: message["data"], socket: self, channel: channel)
    }

    /// A duplicate challenge on an authenticated socket gets no reply at all; a bad token closes the socket
    /// without one (notes §5.1).
    private func challenge(_ channel: WebSocketChannel, seq: Int64, token: String) {
        let proceed = state.withLock { s -> Bool in
            if s.identity != nil || s.authenticating { return false }
            s.authenticating = true
            return true
        }
        guard proceed else { return }
        Task { [self, chat] in
            let found = MattermostID.isValid(token) ? (try? await chat.directory.authenticate(token: token)) ?? nil : nil
            guard let (_, user) = found else {
                channel.close(code: WebSocketCloseCode.policyViolation, reason: "")
                return
            }
            state.withLock { s in
                s.identity = Identity(userID: user.id, token: token, isAdmin: user.isSystemAdmin)
                s.authenticating = false
            }
            startFresh(channel)
            reply(channel, seq: seq)
        }
    }

    private func sendHello(_ channel: WebSocketChannel, user: ID, feed: EventFeed) {
        var w = JSONWriter()
        w.beginObject()
        w.field("event", "hello")
        w.key("data"); w.beginObject()
        w.field("server_version", ServerHeaders.versionID); w.field("connection_id", feed.id)
        w.field("server_hostname", ChatWebSocketActions.hostname)
        w.endObject()
        w.key("broadcast"); w.beginObject()
        w.key("omit_users"); w.null(); w.field("user_id", user); w.field("channel_id", ""); w.field("team_id", "")
        w.field("connection_id", ""); w.field("omit_connection_id", "")
        w.endObject()
        w.field("seq", feed.takeSeq())
        w.endObject()
        channel.send(text: String(decoding: w.bytes, as: UTF8.self))
    }

    var userID: ID? { state.withLock { $0.identity?.userID } }

    /// `{"status":"OK","seq_reply":N,"data":…}` or the FAIL form with Mattermost's error object.
    func reply(_ channel: WebSocketChannel, seq: Int64, data: ((inout JSONWriter) -> Void)? = nil,
               error: (id: String, message: String)? = nil) {
        var w = JSONWriter()
        w.beginObject()
        w.field("status", error == nil ? "OK" : "FAIL")
        w.field("seq_reply", seq)
        if let error {
            w.key("error"); w.beginObject()
            w.field("id", error.id); w.field("message", error.message); w.field("detailed_error", "")
            w.field("status_code", 400)
            w.endObject()
        }
        if let data { w.key("data"); data(&w) }
        w.endObject()
        channel.send(text: String(decoding: w.bytes, as: UTF8.self))
    }
}
