import Glibc

/// Debian's `redis-server` on a free loopback port, no persistence (`--save "" --appendonly no`), room for every
/// subscriber, in a work directory; stopped by pid.
final class RedisServer {
    static let executableDefault = "/usr/bin/redis-server"
    static let startPolls = 200

    let process: ChildProcess
    let endpoint: Endpoint

    init(executable: String, work: String, clientsMax: Int) throws {
        guard access(executable, X_OK) == 0 else {
            throw LoadError("\(executable) not found (Debian: apt-get install -y redis-server), or pass --peer none")
        }
        let port = try TCPSocket.freeLoopbackPort()
        endpoint = .loopback(port: port)
        process = try ChildProcess(
            name: "redis-server", executable: executable,
            arguments: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                        "--daemonize", "no", "--dir", work, "--maxclients", String(clientsMax)],
            logPath: work + "/redis.log")
        if process.waitUntil(polls: Self.startPolls, ping) { return }
        process.stop(graceSeconds: 2)
        throw LoadError("redis-server did not start:\n\(process.logTail())")
    }

    /// `PING` answered with `+PONG`.
    private func ping() -> Bool {
        guard let fd = try? TCPSocket.connectBlocking(to: endpoint, timeoutSeconds: 2) else { return false }
        defer { close(fd) }
        var command: [UInt8] = []
        RESPFraming.appendCommand([Array("PING".utf8)], to: &command)
        guard (try? TCPSocket.sendAll(fd, command)) != nil else { return false }
        var reply = [UInt8](repeating: 0, count: 64)
        let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n >= 7 && reply.starts(with: Array("+PONG\r\n".utf8))
    }

    func stop() {
        process.stop(graceSeconds: 5)
    }
}
