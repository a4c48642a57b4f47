import CShims
import Glibc

/// Opens the listening sockets: one per loop, all bound to the same address with SO_REUSEPORT so the kernel
/// spreads new connections across the loops. With port 0 the first socket picks a free port and the rest follow it.
enum ListenSocket {
    struct Failure: Error, CustomStringConvertible {
        var what: String
        var errno: Int32
        var description: String { "\(what): \(String(cString: strerror(errno)))" }
    }

    static func open(host: String, port: Int, count: Int, backlog: Int32) throws(Failure) -> (fds: [Int32], address: SocketAddress) {
        var fds: [Int32] = []
        var boundPort = port
        do {
            for _ in 0..<count {
                let fd = try openOne(host: host, port: boundPort, backlog: backlog)
                fds.append(fd)
                if boundPort == 0 { boundPort = localAddress(fd).port }
            }
        } catch {
            for fd in fds { _ = close(fd) }
            throw error
        }
        let address = localAddress(fds[0])
        return (fds, address)
    }

    private static func openOne(host: String, port: Int, backlog: Int32) throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host == "localhost" ? "127.0.0.1" : host, String(port), &hints, &result)
        guard rc == 0, let info = result else { throw Failure(what: "cannot resolve host \(host)", errno: EINVAL) }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                        | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket", errno: errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let e = errno
            _ = close(fd)
            throw Failure(what: "bind \(host):\(port)", errno: e)
        }
        if listen(fd, backlog) != 0 {
            let e = errno
            _ = close(fd)
            throw Failure(what: "listen", errno: e)
        }
        return fd
    }

    static func localAddress(_ fd: Int32) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return SocketAddress(storage: storage)
    }
}
