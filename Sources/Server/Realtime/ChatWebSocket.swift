import Actors
import Net
import Synchronization

/// One `/api/v4/websocket` connection (API-NOTES §5): authenticated at upgrade (cookie or header) or by the first
/// `authentication_challenge`; `hello` with `seq` 0 first; a per-connection `seq` for events without gaps;
/// replies carry `seq_reply`. Events from the actors are the "Real-time" issue's work: today the socket answers
/// the client's actions. Callbacks run on the connection's loop thread; state is behind a mutex because the
/// authentication finishes on a task.
final class ChatWebSocket: WebSocketHandler {
    static let unauthenticatedCloseMillis = 5_000
    static let actionBytesMax = 8 << 10

    struct State: Sendable {
        var userID: ID?
        var authenticating = false
        var nextSeq: Int64 = 0
        var closed = false
    }

    let chat: ChatContext
    private let state: Mutex<State>
    let connectionID = MattermostID.fast()

    init(chat: ChatContext, authenticated: ID?) {
        self.chat = chat
        state = Mutex(State(userID: authenticated))
    }

    func opened(_ channel: WebSocketChannel) {
        if let user = state.withLock({ $0.userID }) {
            chat.runtime.presence.connection(user, opened: true)
            sendHello(channel, user: user)
            return
        }
        Task { [self] in
            try? await Task.sleep(for: .milliseconds(Self.unauthenticatedCloseMillis))
            if state.withLock({ $0.userID == nil && !$0.closed }) {
                channel.close(code: WebSocketCloseCode.policyViolation, reason: "not authenticated")
            }
        }
    }

    func closed(_ channel: WebSocketChannel, code: UInt16?) {
        let user = state.withLock { s -> ID? in
            s.closed = true
            return s.userID
        }
        if let user { chat.runtime.presence.connection(user, opened: false) }
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
        guard let user = state.withLock({ $0.userID }) else {
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
            if s.userID != nil || s.authenticating { return false }
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
            let stillOpen = state.withLock { s -> Bool in
                s.userID = user.id
                s.authenticating = false
                return !s.closed
            }
            // Counted as a connection only while open; `closed` already ran for a socket that went away meanwhile.
            if stillOpen { chat.runtime.presence.connection(user.id, opened: true) }
            sendHello(channel, user: user.id)
            reply(channel, seq: seq)
        }
    }

    private func sendHello(_ channel: WebSocketChannel, user: ID) {
        var w = JSONWriter()
        w.beginObject()
        w.field("event", "hello")
        w.key("data"); w.beginObject()
        w.field("server_version", ServerHeaders.versionID); w.field("connection_id", connectionID)
        w.field("server_hostname", ChatWebSocketActions.hostname)
        w.endObject()
        w.key("broadcast"); w.beginObject()
        w.key("omit_users"); w.null(); w.field("user_id", user); w.field("channel_id", ""); w.field("team_id", "")
        w.field("connection_id", ""); w.field("omit_connection_id", "")
        w.endObject()
        w.field("seq", takeSeq())
        w.endObject()
        channel.send(text: String(decoding: w.bytes, as: UTF8.self))
    }

    /// The next event `seq` of this connection (hello is 0; events count up without gaps).
    func takeSeq() -> Int64 {
        state.withLock { s in defer { s.nextSeq += 1 }; return s.nextSeq }
    }

    var userID: ID? { state.withLock { $0.userID } }

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
