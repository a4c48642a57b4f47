/// Finds where one HTTP/1.1 response ends in received bytes, and what its head says that the tool needs: the
/// status, the body's extent (Content-Length only: Parley frames every JSON reply so) and a `Token` header.
/// A pure function of the bytes, so the REST client, the publisher and the WebSocket upgrade share it and tests
/// feed it any split.
enum HTTPResponseFraming {
    static let headBytesMax = 64 << 10
    static let bodyBytesMax = 32 << 20

    struct Head: Equatable, Sendable {
        var status: Int
        var contentLength: Int
        /// The `Token` header of a login response.
        var token: String?
    }

    enum Step: Equatable, Sendable {
        /// The response is not complete yet.
        case needMore
        /// A complete response: its head, where its body lies, and the offset just past it.
        case response(Head, body: Range<Int>, end: Int)
        /// Not a response this tool can read; the connection is unusable.
        case invalid(String)
    }

    /// Reads the response that starts at offset 0 of `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Step {
        guard let headEnd = ByteSearch.find("\r\n\r\n", in: bytes) else {
            return bytes.count > headBytesMax ? .invalid("response head longer than \(headBytesMax) bytes") : .needMore
        }
        guard ByteSearch.hasPrefix("HTTP/1.1 ", bytes), headEnd >= 12,
              let status = ByteSearch.decimal(in: bytes, at: 9), status.end == 12 else {
            return .invalid("not an HTTP/1.1 status line")
        }
        var head = Head(status: Int(status.value), contentLength: 0, token: nil)
        var line = ByteSearch.find("\r\n", in: bytes)! + 2
        while line < headEnd + 2 {
            let lineEnd = ByteSearch.find("\r\n", in: bytes, from: line)!
            if let failure = read(field: UnsafeRawBufferPointer(rebasing: bytes[line..<lineEnd]), into: &head) {
                return .invalid(failure)
            }
            line = lineEnd + 2
        }
        guard head.contentLength <= bodyBytesMax else { return .invalid("body of \(head.contentLength) bytes") }
        let bodyStart = headEnd + 4
        let end = bodyStart + head.contentLength
        return bytes.count < end ? .needMore : .response(head, body: bodyStart..<end, end: end)
    }

    /// Applies one header line to `head`; returns why the response cannot be read, if it cannot.
    private static func read(field: UnsafeRawBufferPointer, into head: inout Head) -> String? {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return "header line without a colon" }
        let name = UnsafeRawBufferPointer(rebasing: field[..<colon])
        var valueStart = colon + 1
        while valueStart < field.count, field[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: field[valueStart...])
        if equalsIgnoringCase(name, "content-length") {
            guard let n = ByteSearch.decimal(in: value, at: 0), n.end == value.count else { return "bad Content-Length" }
            head.contentLength = Int(n.value)
        } else if equalsIgnoringCase(name, "transfer-encoding") {
            return "chunked responses are not supported"
        } else if equalsIgnoringCase(name, "token") {
            head.token = String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        for i in 0..<bytes.count where bytes[i] | 0x20 != lowercase.utf8Start[i] { return false }
        return true
    }
}
