import Glibc

/// A minimal Redis client: RESP2 commands written as arrays of bulk strings over one blocking loopback socket,
/// pipelined by the caller (send many, then read as many replies). Enough for SET, DBSIZE and INFO.
final class RESPClient {
    enum Failure: Error, CustomStringConvertible {
        case connect(port: UInt16, errno: Int32)
        case io(String, errno: Int32)
        case reply(String)

        var description: String {
            switch self {
            case .connect(let port, let e): "cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(e)))"
            case .io(let what, let e): "\(what): \(String(cString: strerror(e)))"
            case .reply(let text): "unexpected reply from Redis: \(text)"
            }
        }
    }

    static let readBytesMax = 64 << 10

    private let fd: Int32
    private var output: [UInt8] = []
    private var input: [UInt8] = []
    private var inputStart = 0

    init(port: UInt16) throws(Failure) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io("socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw .connect(port: port, errno: e)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(fd)
    }

    /// Queues one command; nothing is sent until `flush`.
    func queue(_ arguments: [ArraySlice<UInt8>]) {
        output.append(UInt8(ascii: "*"))
        output.append(contentsOf: String(arguments.count).utf8)
        output.append(contentsOf: [13, 10])
        for argument in arguments {
            output.append(UInt8(ascii: "$"))
            output.append(contentsOf: String(argument.count).utf8)
            output.append(contentsOf: [13, 10])
            output.append(contentsOf: argument)
            output.append(contentsOf: [13, 10])
        }
    }

    func queue(_ arguments: String...) {
        queue(arguments.map { ArraySlice($0.utf8) })
    }

    /// Bytes queued and not yet sent.
    var queuedBytes: Int { output.count }

    func flush() throws(Failure) {
        var sent = 0
        while sent < output.count {
            let n = output.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw .io("send", errno: errno) }
            sent += n
        }
        output.removeAll(keepingCapacity: true)
    }

    /// Reads one reply line ("+OK", ":12", "$5"), without its CRLF.
    func readLine() throws(Failure) -> String {
        while true {
            if let cr = input[inputStart...].firstIndex(of: 13), cr + 1 < input.count {
                let line = String(decoding: input[inputStart..<cr], as: UTF8.self)
                inputStart = cr + 2
                return line
            }
            try fill()
        }
    }

    /// Reads a simple-string reply and checks it is `expected` (an error reply is reported as it came).
    func expect(_ expected: String) throws(Failure) {
        let line = try readLine()
        guard line == expected else { throw .reply(line) }
    }

    func readInteger() throws(Failure) -> Int {
        let line = try readLine()
        guard line.first == ":", let n = Int(line.dropFirst()) else { throw .reply(line) }
        return n
    }

    func readBulkString() throws(Failure) -> String {
        let line = try readLine()
        guard line.first == "$", let count = Int(line.dropFirst()), count >= 0 else { throw .reply(line) }
        while input.count - inputStart < count + 2 { try fill() }
        let text = String(decoding: input[inputStart..<inputStart + count], as: UTF8.self)
        inputStart += count + 2
        return text
    }

    private func fill() throws(Failure) {
        if inputStart > 0 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
        let old = input.count
        input.append(contentsOf: repeatElement(0, count: RESPClient.readBytesMax))
        let n = input.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + old, RESPClient.readBytesMax, 0) }
        input.removeLast(RESPClient.readBytesMax - max(n, 0))
        guard n > 0 else { throw n == 0 ? .reply("connection closed") : .io("recv", errno: errno) }
    }
}
