import Actors
import Net

/// `GET /api/v4/websocket` (optional trailing `/`): a session from the cookie or `Authorization` header
/// authenticates at upgrade; otherwise the first frame must be `authentication_challenge`.
enum WebSocketRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/websocket") { c in
            Task {
                let auth = try? await chat.authenticate(c, allowQueryToken: true)
                c.responder.upgrade(to: ChatWebSocket(chat: chat, authenticated: auth?.userID))
            }
        }
    }
}
