import Logging
import Net

/// Echoes every message back as one unmasked frame, encoded on the loop thread that received it.
final class EchoHandler: WebSocketHandler {
    func opened(_ channel: WebSocketChannel) {}

    func received(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, channel: WebSocketChannel) {
        var frame: [UInt8] = []
        frame.reserveCapacity(payload.count + 10)
        WebSocketFrameEncoder.encode(opcode, payload: payload, into: &frame)
        channel.send(frame: WebSocketFrame(bytes: frame))
    }

    func closed(_ channel: WebSocketChannel, code: UInt16?) {}
}

/// Accepts every WebSocket upgrade into an `EchoHandler`; anything else is 404.
struct EchoRoutes: HTTPHandler {
    func bodyLimit(for head: HTTPRequestHead) -> Int { 0 }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        if request.head.isWebSocketUpgrade {
            responder.upgrade(to: EchoHandler())
        } else {
            responder.respond(.json(404, Array(#"{"status_code":404}"#.utf8)))
        }
    }
}

enum EchoServer {
    /// Starts Parley's network layer in this process on a free loopback port, one loop per core.
    static func start(driver: NetConfiguration.DriverChoice) -> (NetServer, Int) {
        var configuration = NetConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.driver = driver
        var logger = Logger(label: "ws-echo-bench")
        logger.logLevel = .warning
        let server = NetServer(
            configuration: configuration, handler: EchoRoutes(),
            errorRenderer: { status, message in .json(status, Array("{\"status_code\":\(status)}".utf8)) },
            logger: logger)
        do {
            let address = try server.start()
            return (server, address.port)
        } catch {
            fatalError("cannot start the echo server: \(error)")
        }
    }
}
