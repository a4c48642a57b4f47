import Glibc

/// Opening TCP connections to an `Endpoint`, blocking (REST) or not (subscribers, publisher). `source`, when set,
/// is a local address in network byte order to connect from: spreading connections over 127.0.0.x addresses
/// gives each its own range of ephemeral ports.
enum TCPSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ what: String, errno code: Int32 = errno) {
            description = "\(what): \(SystemError.text(code))"
        }
    }

    /// Linux's IP_BIND_ADDRESS_NO_PORT: bind the address now but pick the port at connect, per destination.
    static let bindAddressNoPort: Int32 = 24

    /// Starts a non-blocking connect; true in the second value when it completed at once.
    static func connectNonBlocking(to endpoint: Endpoint, source: UInt32? = nil) throws(Failure) -> (Int32, Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket") }
        do throws(Failure) {
            try prepare(fd, source: source)
            var address = endpoint.socketAddress
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if rc == 0 { return (fd, true) }
            guard errno == EINPROGRESS else { throw Failure("connect to \(endpoint)") }
            return (fd, false)
        } catch {
            close(fd)
            throw error
        }
    }

    /// A blocking connection with receive and send timeouts, so a silent server cannot hang the tool.
    static func connectBlocking(to endpoint: Endpoint, timeoutSeconds: Int) throws(Failure) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket") }
        do throws(Failure) {
            try prepare(fd, source: nil)
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = endpoint.socketAddress
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard rc == 0 else { throw Failure("connect to \(endpoint)") }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// The error a non-blocking connect ended with (0: connected).
    static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// Writes all of `bytes` to a blocking socket.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure("send") }
            sent += n
        }
    }

    /// A port the kernel has just handed out on 127.0.0.1 and that is closed again, for a server to bind.
    static func freeLoopbackPort() throws(Failure) -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket") }
        defer { close(fd) }
        var address = Endpoint.loopback(port: 0).socketAddress
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1 }
        }
        guard rc == 0 else { throw Failure("bind 127.0.0.1:0") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func prepare(_ fd: Int32, source: UInt32?) throws(Failure) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard let source else { return }
        setsockopt(fd, Int32(IPPROTO_IP), bindAddressNoPort, &one, socklen_t(MemoryLayout<Int32>.size))
        var local = Endpoint(address: source, port: 0, host: "").socketAddress
        let rc = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw Failure("bind the source address") }
    }
}
