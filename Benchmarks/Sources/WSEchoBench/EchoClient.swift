import Glibc
import Synchronization

/// One client connection on its own thread with a blocking socket: keeps `inflight` masked frames outstanding,
/// and sends one new frame for every echo that comes back. Echoes are counted by bytes, since every reply to the
/// same request frame has the same size (`replyBytes`).
final class EchoClient: Sendable {
    let port: Int
    let handshake: Bool
    let requestFrame: [UInt8]
    let replyBytes: Int
    let inflight: Int
    let echoes = Atomic<Int>(0)
    let connected = Atomic<Bool>(false)
    let failure = Mutex<String?>(nil)

    init(port: Int, handshake: Bool, requestFrame: [UInt8], replyBytes: Int, inflight: Int) {
        self.port = port
        self.handshake = handshake
        self.requestFrame = requestFrame
        self.replyBytes = replyBytes
        self.inflight = inflight
    }

    func run(stop: StopFlag) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        guard fd >= 0, connectLoopback(fd) else { return fail("connect: errno \(errno)") }
        var leftover: [UInt8] = []
        if handshake {
            guard let rest = upgrade(fd) else { return }
            leftover = rest
        }
        // All request frames that may be outstanding at once, so any refill is one send of a prefix.
        var batch: [UInt8] = []
        for _ in 0..<inflight { batch.append(contentsOf: requestFrame) }
        guard sendAll(fd, batch, frames: inflight) else { return fail("send: errno \(errno)") }
        connected.store(true, ordering: .releasing)
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        var receivedBytes = leftover.count
        var completed = 0
        var checkedFirst = false
        while !stop.value.load(ordering: .relaxed) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return fail(n == 0 ? "server closed the connection" : "recv: errno \(errno)") }
            if !checkedFirst {
                // An echo of a 1 KiB text message starts 0x81 (FIN, text) and a 16-bit length (126).
                let first = leftover.isEmpty ? buffer[0] : leftover[0]
                let second = leftover.count > 1 ? leftover[1] : buffer[leftover.isEmpty ? 1 : 0]
                guard first == 0x81, second & 0x7F == 126 else { return fail("unexpected reply \(first) \(second)") }
                checkedFirst = true
            }
            receivedBytes += n
            let done = receivedBytes / replyBytes
            let newly = done - completed
            completed = done
            echoes.store(completed, ordering: .relaxed)
            if newly > 0, !sendAll(fd, batch, frames: newly) { return fail("send: errno \(errno)") }
        }
    }

    private func fail(_ message: String) {
        failure.withLock { $0 = message }
        connected.store(true, ordering: .releasing)  // do not keep the start barrier waiting
    }

    private func connectLoopback(_ fd: Int32) -> Bool {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A server that stops answering must not hang the benchmark.
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Sends the upgrade request and reads the 101 head; returns the bytes that came after it.
    private func upgrade(_ fd: Int32) -> [UInt8]? {
        let request = Array(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
        guard sendAll(fd, request, frames: 1, frameBytes: request.count) else { fail("send: errno \(errno)"); return nil }
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { fail("no upgrade response"); return nil }
            head.append(contentsOf: chunk[0..<n])
            if let end = endOfHead(head) {
                guard head.starts(with: Array("HTTP/1.1 101".utf8)) else {
                    fail("upgrade refused: \(String(decoding: head.prefix(40), as: UTF8.self))")
                    return nil
                }
                return Array(head[end...])
            }
        }
    }

    private func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8], frames: Int, frameBytes: Int? = nil) -> Bool {
        let total = frames * (frameBytes ?? requestFrame.count)
        return bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < total {
                let n = send(fd, raw.baseAddress! + sent, total - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
    }
}

/// Set once by the main thread when the measurement is over.
final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
