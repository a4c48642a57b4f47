import Actors
import Foundation
import Net

/// The client actions of notes §5.2 other than authentication. Unknown actions get a FAIL reply, not a disconnect.
enum ChatWebSocketActions {
    static let hostname = ProcessInfo.processInfo.hostName
    static let statusIDsMax = 1000

    static func handle(_ action: String, seq: Int64, data: JSONValue?, socket: ChatWebSocket, channel: WebSocketChannel) {
        switch action {
        case "ping":
            socket.reply(channel, seq: seq) { w in
                w.beginObject(); w.field("text", "pong"); w.field("version", ServerHeaders.versionID)
                w.field("server_time", Int64(Date().timeIntervalSince1970 * 1000)); w.field("node_id", ""); w.endObject()
            }
        case "user_typing":
            if let user = socket.userID, let cid = data?["channel_id"]?.string.flatMap(ID.init) {
                socket.chat.hub.send(.typing(user: user, channel: cid, parent: data?["parent_id"]?.string ?? ""))
            }
            socket.reply(channel, seq: seq)
        case "user_update_active_status", "presence", "posted_notify_ack":
            socket.reply(channel, seq: seq)
        case "get_statuses", "get_statuses_by_ids":
            statuses(seq: seq, ids: data?["user_ids"]?.array, socket: socket, channel: channel)
        default:
            socket.reply(channel, seq: seq, error: ("api.web_socket_router.bad_action.app_error", "Unknown websocket action."))
        }
    }

    /// `{uid: status}` for the asked users who are not offline (offline users are left out, as Mattermost does).
    private static func statuses(seq: Int64, ids: [JSONValue]?, socket: ChatWebSocket, channel: WebSocketChannel) {
        let wanted = ids.map { $0.prefix(statusIDsMax).compactMap { $0.string.flatMap(ID.init) } }
        let presence = socket.chat.runtime.presence
        socket.reply(channel, seq: seq) { w in
            w.beginObject()
            for id in wanted ?? [] where presence.status(of: id) != "offline" { w.key(id.description); w.string(presence.status(of: id)) }
            w.endObject()
        }
    }
}
