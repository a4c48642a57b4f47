import Glibc
import Logging
import Synchronization
@testable import Net

/// An in-process NetServer on a free loopback port with a small handler: `/ping` answers 200 at once,
/// `/echo` answers with the request body, `/ws` upgrades to an echoing WebSocket.
final class TestServer: Sendable {
    let server: NetServer
    let port: Int
    let handler: TestHandler

    init(driver: NetConfiguration.DriverChoice, clock: any LoopClock = SystemLoopClock(),
         configure: (inout NetConfiguration) -> Void = { _ in }) throws {
        var config = NetConfiguration()
        config.host = "127.0.0.1"
        config.port = 0
        config.driver = driver
        config.loopCount = 2
        configure(&config)
        handler = TestHandler()
        server = NetServer(configuration: config, handler: handler,
                           errorRenderer: { status, message in
                               HTTPResponse.json(status, Array("{\"status_code\":\(status)}".utf8))
                           },
                           logger: Logger(label: "test"), clock: clock)
        port = try server.start().port
    }

    func stop() { server.shutdown() }

    /// Makes every loop run a turn (and so look at the clock and its timers).
    func poke() {
        server.onEveryLoop { _ in }
    }

    /// Sum of every loop's counters (a field at a time).
    func total(_ field: KeyPath<LoopCounters, Int>) -> Int {
        server.counters().reduce(0) { $0 + $1[keyPath: field] }
    }

    /// Polls until `condition` holds (counters are published once per loop turn); false after ~10 s.
    func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2000 {
            if condition() { return true }
            usleep(5000)
        }
        return condition()
    }
}

final class TestHandler: HTTPHandler, Sendable {
    let sockets = Mutex<[WebSocketChannel]>([])
    let piecesProduced = Atomic<Int>(0)

    func bodyLimit(for head: HTTPRequestHead) -> Int { 1 << 20 }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        switch request.head.path {
        case "/ping":
            responder.respond(.json(200, Array(#"{"status":"OK"}"#.utf8)))
        case "/echo":
            responder.respond(HTTPResponse(status: 200, body: .bytes(request.body)))
        case "/file":
            // Serves the file named by the query (`path=/abs/path`), streamed by the file reader.
            let path = String(request.head.query?.dropFirst("path=".count) ?? "")
            responder.respond(HTTPResponse(status: 200, body: .file(path: path, offset: 0, length: -1)))
        case "/stream":
            // `pieces` pieces (50 by default) of 10,000 bytes each, counted as they are produced.
            let count = Int(request.head.query?.dropFirst("pieces=".count) ?? "") ?? 50
            let source = HTTPBodyStream { [self] in
                let n = self.piecesProduced.add(1, ordering: .relaxed).newValue
                return n > count ? nil : [UInt8](repeating: UInt8(truncatingIfNeeded: n), count: 10_000)
            }
            responder.respond(HTTPResponse(status: 200, body: .stream(source)))
        case "/ws":
            responder.upgrade(to: EchoSocket(owner: self))
        default:
            responder.respond(.json(404, Array("{}".utf8)))
        }
    }
}

final class EchoSocket: WebSocketHandler {
    let owner: TestHandler
    init(owner: TestHandler) { self.owner = owner }

    func opened(_ channel: WebSocketChannel) {
        owner.sockets.withLock { $0.append(channel) }
    }

    func received(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, channel: WebSocketChannel) {
        channel.send(frame: WebSocketFrame(bytes: Self.frame(opcode, payload)))
    }

    func closed(_ channel: WebSocketChannel, code: UInt16?) {
        owner.sockets.withLock { $0.removeAll { $0 == channel } }
    }

    static func frame(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        WebSocketFrameEncoder.encode(opcode, payload: payload, into: &out)
        return out
    }
}
