import Actors
import Net

/// `GET /api/v4/websocket` (optional trailing `/`): a session from the cookie or `Authorization` header
/// authenticates at upgrade; otherwise the first frame must be `authentication_challenge`.
enum WebSocketRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/websocket") { c in
            Task {
                let auth = try? await chat.authenticate(c, allowQueryToken: true)
                let identity = auth.map { ChatWebSocket.Identity(userID: $0.userID, token: $0.caller.sessionToken, isAdmin: $0.caller.isSystemAdmin) }
                // A reconnect names the connection it had and the first seq it has not seen (notes §5.6).
                let resume = (c.query("connection_id") ?? "", Int64(c.query("sequence_number") ?? "") ?? 0)
                c.responder.upgrade(to: ChatWebSocket(chat: chat, authenticated: identity, resumeFrom: resume))
            }
        }
    }
}
