import Foundation
import Net

/// Routes for the integration tests of the network layer, served only when `PARLEY_TEST_ROUTES=1` is in the
/// environment: an HTTP echo, a WebSocket echo, files from `<data-dir>/test-files`, a delayed answer (for graceful
/// shutdown), and the loops' counters.
enum TestRoutes {
    static var enabled: Bool { ProcessInfo.processInfo.environment["PARLEY_TEST_ROUTES"] == "1" }

    static func register(on router: inout Router, dataDir: String, counters: @escaping @Sendable () -> [LoopCounters]) {
        let base = "/api/v4/parley-test"
        router.add("POST", base + "/echo", bodyBytesMax: 8 << 20) { c in
            var r = HTTPResponse(status: 200, body: .bytes(c.request.body))
            r.headers.add(name: "Content-Type", value: "application/octet-stream")
            c.responder.respond(r)
        }
        router.add("GET", base + "/websocket") { c in
            c.responder.upgrade(to: EchoWebSocket())
        }
        router.add("GET", base + "/file/{name}") { c in
            let name = c.parameters["name"] ?? ""
            guard !name.contains("/"), !name.hasPrefix(".") else { return c.respond(AppError.notFound()) }
            var r = HTTPResponse(status: 200, body: .file(path: dataDir + "/test-files/" + name, offset: 0, length: -1))
            r.headers.add(name: "Content-Type", value: "application/octet-stream")
            c.responder.respond(r)
        }
        router.add("GET", base + "/sleep") { c in
            let ms = Int(c.query("ms") ?? "") ?? 100
            Task {
                try? await Task.sleep(for: .milliseconds(ms))
                c.respondJSON(200, Array(#"{"status":"OK"}"#.utf8))
            }
        }
        router.add("GET", base + "/counters") { c in
            let rows = counters().map { k in
                "{\"driver\":\"\(k.driver)\",\"turns\":\(k.turns),\"accepted\":\(k.accepted),"
                    + "\"acceptBackoffs\":\(k.acceptBackoffs),\"openConnections\":\(k.openConnections),"
                    + "\"receivesArmed\":\(k.receivesArmed),\"receiveBufferBytesHeld\":\(k.receiveBufferBytesHeld),"
                    + "\"requests\":\(k.requests),\"sends\":\(k.sends),\"staleCompletions\":\(k.staleCompletions)}"
            }
            c.respondJSON(200, Array("[\(rows.joined(separator: ","))]".utf8))
        }
    }
}

/// Echoes every message back with the same opcode.
final class EchoWebSocket: WebSocketHandler {
    func opened(_ channel: WebSocketChannel) {}

    func received(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, channel: WebSocketChannel) {
        var out: [UInt8] = []
        WebSocketFrameEncoder.encode(opcode, payload: payload, into: &out)
        channel.send(frame: WebSocketFrame(bytes: out))
    }

    func closed(_ channel: WebSocketChannel, code: UInt16?) {}
}
