import Foundation
import Glibc

/// Debian's `redis-server` on a free loopback port with a temporary directory and no persistence (no RDB
/// saves, no AOF), started for the run and stopped by pid when the benchmark is done with it.
final class RedisServer {
    enum Failure: Error, CustomStringConvertible {
        case notInstalled(String)
        case didNotStart(String)

        var description: String {
            switch self {
            case .notInstalled(let path): "\(path) not found (Debian: apt-get install -y redis-server)"
            case .didNotStart(let log): "redis-server did not start:\n\(log)"
            }
        }
    }

    static let executableDefault = "/usr/bin/redis-server"
    static let setpriv = "/usr/bin/setpriv"
    static let startAttemptsMax = 100
    static let startPollMicros: useconds_t = 100_000

    let port: UInt16
    let directory: String
    private let process = Process()

    /// Starts the server and waits until it accepts a connection (at most `startAttemptsMax` polls).
    init(executable: String, directory: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled(executable) }
        self.directory = directory
        port = try RedisServer.freePort()
        let arguments = ["--bind", "127.0.0.1", "--port", String(port), "--dir", directory, "--save", "",
                             "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
                             "--logfile", directory + "/redis.log"]
        // setpriv (util-linux) sets PR_SET_PDEATHSIG and then execs Redis in the same pid, so the kernel stops
        // Redis even when this benchmark is killed before it can; KILL because the child starts with most signals
        // blocked (see `stop`). Without setpriv, Redis is started directly.
        if FileManager.default.isExecutableFile(atPath: RedisServer.setpriv) {
            process.executableURL = URL(fileURLWithPath: RedisServer.setpriv)
            process.arguments = ["--pdeathsig", "KILL", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        try process.run()
        for _ in 0..<RedisServer.startAttemptsMax {
            if (try? RESPClient(port: port)) != nil { return }
            guard process.isRunning else { break }
            usleep(RedisServer.startPollMicros)
        }
        stop()
        throw Failure.didNotStart((try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? "")
    }

    deinit {
        stop()
    }

    /// `SHUTDOWN NOSAVE` over a connection, then SIGKILL if Redis is still there after `stopAttemptsMax` polls.
    /// Not SIGTERM: Foundation spawns the child from a dispatch worker thread, which blocks most signals, and the
    /// child inherits that mask, so a SIGTERM would stay pending for ever.
    func stop() {
        guard process.isRunning else { return }
        if let client = try? RESPClient(port: port) {
            client.queue("SHUTDOWN", "NOSAVE")
            try? client.flush()
            _ = try? client.readLine()  // Redis closes the connection as it exits
        }
        for _ in 0..<RedisServer.startAttemptsMax where process.isRunning { usleep(RedisServer.startPollMicros) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A port the kernel has just handed out for 127.0.0.1 and that is closed again; Redis binds it right after.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        guard rc == 0 else { throw RESPClient.Failure.io("bind 127.0.0.1:0", errno: errno) }
        return UInt16(bigEndian: address.sin_port)
    }
}
