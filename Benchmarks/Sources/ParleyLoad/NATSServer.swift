import Glibc

/// Debian's `nats-server` on a free loopback port (core NATS only: no JetStream, no monitoring port), logging into a
/// work directory; stopped by pid. Its connection limit (64K) and descriptor limit (the tool's, inherited) are
/// above anything one load process can open.
final class NATSServer {
    static let executableDefault = "/usr/sbin/nats-server"
    static let startPolls = 200

    let process: ChildProcess
    let endpoint: Endpoint

    init(executable: String, work: String) throws {
        guard access(executable, X_OK) == 0 else {
            throw LoadError("\(executable) not found (Debian: apt-get install -y nats-server), or pass --peer redis or none")
        }
        let port = try TCPSocket.freeLoopbackPort()
        endpoint = .loopback(port: port)
        process = try ChildProcess(name: "nats-server", executable: executable,
                                   arguments: ["-a", "127.0.0.1", "-p", String(port)], logPath: work + "/nats.log")
        if process.waitUntil(polls: Self.startPolls, greets) { return }
        process.stop(graceSeconds: 2)
        throw LoadError("nats-server did not start:\n\(process.logTail())")
    }

    /// The server's first line, `INFO {...}`, arrived.
    private func greets() -> Bool {
        guard let fd = try? TCPSocket.connectBlocking(to: endpoint, timeoutSeconds: 2) else { return false }
        defer { close(fd) }
        var reply = [UInt8](repeating: 0, count: 64)
        let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n >= 5 && reply.starts(with: Array("INFO ".utf8))
    }

    func stop() {
        process.stop(graceSeconds: 5)
    }
}

extension NATSServer: PeerServer {}
