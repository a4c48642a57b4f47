import Glibc

/// An IPv4 address and port the tool connects to, from `http://127.0.0.1:8065` or `127.0.0.1:6379`.
struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// The address in network byte order, as `sockaddr_in` holds it.
    var address: UInt32
    var port: UInt16
    /// What a Host header says: the text the user gave.
    var host: String

    var description: String { "\(host):\(port)" }

    static func loopback(port: UInt16) -> Endpoint {
        Endpoint(address: UInt32(0x7F00_0001).bigEndian, port: port, host: "127.0.0.1")
    }

    /// Parses `http://HOST:PORT` (an optional trailing slash) or `HOST:PORT`; `localhost` means 127.0.0.1.
    init?(url: String) {
        var rest = Substring(url)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":"), let port = UInt16(rest[rest.index(after: colon)...]) else { return nil }
        let host = String(rest[..<colon])
        var parsed = in_addr()
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &parsed) == 1 else { return nil }
        self.init(address: parsed.s_addr, port: port, host: host)
    }

    init(address: UInt32, port: UInt16, host: String) {
        self.address = address
        self.port = port
        self.host = host
    }

    var socketAddress: sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = address
        return a
    }
}
