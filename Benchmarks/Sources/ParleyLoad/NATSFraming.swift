/// Reads the core NATS protocol a client receives (`INFO`, `MSG`, `PING`, `PONG`, `+OK`, `-ERR`) and writes what it
/// sends (`CONNECT`, `SUB`, `PUB`). Pure functions of the bytes, like `RESPFraming`.
enum NATSFraming {
    /// A control line longer than this is broken (the server's `INFO` is about 300 bytes).
    static let lineBytesMax = 16 << 10
    /// nats-server's default `max_payload` is 1 MiB; anything far above it is a broken stream.
    static let payloadBytesMax = 64 << 20

    enum Op: Equatable, Sendable {
        case info
        /// A message; `payload` is where its bytes lie.
        case msg(payload: Range<Int>)
        case ping
        case pong
        case ok
        case err(String)
    }

    enum Step: Equatable, Sendable {
        case needMore
        case invalid(String)
        case op(Op, end: Int)
    }

    /// `CONNECT` with what a plain client says: no echo of its own messages, no `+OK` per command.
    static let connect: [UInt8] = Array(
        (#"CONNECT {"verbose":false,"pedantic":false,"echo":false,"name":"parley-load","lang":"swift","# +
         #""version":"1","protocol":1}"# + "\r\n").utf8)

    /// Reads the operation that starts at `offset`.
    static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> Step {
        guard offset < bytes.count else { return .needMore }
        guard let lineEnd = ByteSearch.find("\r\n", in: bytes, from: offset) else {
            return bytes.count - offset > lineBytesMax ? .invalid("NATS control line too long") : .needMore
        }
        let line = UnsafeRawBufferPointer(rebasing: bytes[offset..<lineEnd])
        let next = lineEnd + 2
        if ByteSearch.hasPrefix("MSG ", line) { return message(bytes, line: line, payloadStart: next) }
        if ByteSearch.hasPrefix("PING", line) { return .op(.ping, end: next) }
        if ByteSearch.hasPrefix("PONG", line) { return .op(.pong, end: next) }
        if ByteSearch.hasPrefix("INFO ", line) { return .op(.info, end: next) }
        if ByteSearch.hasPrefix("+OK", line) { return .op(.ok, end: next) }
        if ByteSearch.hasPrefix("-ERR", line) {
            return .op(.err(String(decoding: line.dropFirst(4).prefix(160), as: UTF8.self)), end: next)
        }
        return .invalid("unknown NATS operation")
    }

    /// `MSG <subject> <sid> [reply-to] <size>`: the size is the last field, the payload and a CRLF follow the line.
    private static func message(_ bytes: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer, payloadStart: Int) -> Step {
        var fields = 0
        var lastStart = 0
        var previousSpace = true
        for (i, byte) in line.enumerated() {
            let space = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            if !space && previousSpace {
                fields += 1
                lastStart = i
            }
            previousSpace = space
        }
        guard fields == 4 || fields == 5 else { return .invalid("MSG with \(fields - 1) arguments") }
        guard let size = ByteSearch.decimal(in: line, at: lastStart), size.end == line.count,
              size.value <= UInt64(payloadBytesMax) else { return .invalid("bad MSG size") }
        let payloadEnd = payloadStart + Int(size.value)
        guard bytes.count >= payloadEnd + 2 else { return .needMore }
        guard bytes[payloadEnd] == 13, bytes[payloadEnd + 1] == 10 else { return .invalid("MSG payload not followed by CRLF") }
        return .op(.msg(payload: payloadStart..<payloadEnd), end: payloadEnd + 2)
    }

    /// `SUB <subject> <sid>`.
    static func appendSubscribe(subject: String, sid: Int, to out: inout [UInt8]) {
        out.append(contentsOf: "SUB \(subject) \(sid)\r\n".utf8)
    }

    /// `PUB <subject> <size>` up to its CRLF; the payload and a CRLF follow.
    static func publishHead(subject: String, payloadBytes: Int) -> [UInt8] {
        Array("PUB \(subject) \(payloadBytes)\r\n".utf8)
    }
}
