import Glibc
import Logging
import Net

// WebSocket echo throughput: N client connections, each keeping K masked 1 KiB text frames in flight, against
// Parley's network layer started in this process (`--target uring|epoll`) or against an external raw TCP echo
// (`--target raw --port P`) that returns the bytes untouched, the floor of what any server can do here.
// Prints one JSON line.

struct Options {
    var target = "uring"
    var port = 0
    var connections = 8
    var inflight = 64
    var seconds = 5.0
    var warmupSeconds = 1.0

    init(_ arguments: [String]) {
        var i = 1
        func value() -> String {
            i += 1
            guard i < arguments.count else { fatalError("missing value for \(arguments[i - 1])") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--target": target = value()
            case "--port": port = Int(value())!
            case "--connections": connections = Int(value())!
            case "--inflight": inflight = Int(value())!
            case "--seconds": seconds = Double(value())!
            case "--warmup": warmupSeconds = Double(value())!
            default: fatalError("unknown option \(arguments[i])")
            }
            i += 1
        }
    }
}

LoggingSystem.bootstrap(StreamLogHandler.standardError)
let options = Options(CommandLine.arguments)
var server: NetServer?
var port = options.port
switch options.target {
case "uring", "epoll":
    let started = EchoServer.start(driver: options.target == "uring" ? .uring : .epoll)
    server = started.0
    port = started.1
case "raw":
    precondition(port > 0, "--target raw needs --port")
default:
    fatalError("unknown target \(options.target)")
}

var payload: [UInt8] = []
for i in 0..<1024 { payload.append(UInt8(ascii: "a") + UInt8(i % 26)) }
var requestFrame: [UInt8] = []
payload.withUnsafeBytes { WebSocketFrameEncoder.encodeMasked(.text, payload: $0, maskKey: 0x3A5C_96E1, into: &requestFrame) }
// Parley answers with an unmasked frame (4 bytes shorter); the raw echo returns the masked frame itself.
let replyBytes = options.target == "raw" ? requestFrame.count : requestFrame.count - 4

let stop = StopFlag()
let clients = (0..<options.connections).map { _ in
    EchoClient(port: port, handshake: options.target != "raw", requestFrame: requestFrame, replyBytes: replyBytes,
               inflight: options.inflight)
}
let threads = clients.map { client in spawnThread { client.run(stop: stop) } }
let startWait = monotonicSeconds()
while !clients.allSatisfy({ $0.connected.load(ordering: .acquiring) }) && monotonicSeconds() - startWait < 10 {
    sleepSeconds(0.01)
}
sleepSeconds(options.warmupSeconds)
let t0 = monotonicSeconds()
let before = clients.reduce(0) { $0 + $1.echoes.load(ordering: .relaxed) }
sleepSeconds(options.seconds)
let t1 = monotonicSeconds()
let after = clients.reduce(0) { $0 + $1.echoes.load(ordering: .relaxed) }
stop.value.store(true, ordering: .relaxed)
for thread in threads { pthread_join(thread, nil) }
server?.shutdown()

let failures = clients.compactMap { $0.failure.withLock { $0 } }
let rate = Double(after - before) / (t1 - t0)
print("""
    {"benchmark":"ws_echo","target":"\(options.target)","connections":\(options.connections),\
    "inflight":\(options.inflight),"payload_bytes":\(payload.count),"seconds":\(t1 - t0),\
    "echoes":\(after - before),"messages_per_s":\(Int(rate)),"failures":\(failures.count)\
    \(failures.isEmpty ? "" : ",\"first_failure\":\"\(failures[0])\"")}
    """)
exit(failures.isEmpty ? 0 : 1)
