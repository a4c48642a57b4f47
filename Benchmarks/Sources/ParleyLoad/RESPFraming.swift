/// Reads Redis's RESP2 from received bytes: the push messages a subscriber gets (`subscribe` confirmations and
/// `message`s) and the replies a publisher gets. Pure functions of the bytes, like `HTTPResponseFraming`.
enum RESPFraming {
    static let bulkBytesMax = 64 << 20

    /// One RESP value that is not an array.
    enum Element: Equatable {
        case needMore
        case invalid(String)
        case bulk(Range<Int>, end: Int)
        case integer(Int64, end: Int)
        case simple(Range<Int>, end: Int)
        case error(Range<Int>, end: Int)
        /// An array header: its element count and where the first element starts.
        case array(Int, end: Int)
    }

    enum PushKind: Equatable { case message, subscribe, other }

    enum PushStep: Equatable {
        case needMore
        case invalid(String)
        /// A complete push; `payload` is a `message`'s data.
        case push(PushKind, payload: Range<Int>?, end: Int)
    }

    enum ReplyStep: Equatable {
        case needMore
        case invalid(String)
        case integer(Int64, end: Int)
        case error(String, end: Int)
        case other(end: Int)
    }

    /// Reads the push that starts at `offset`.
    static func parsePush(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> PushStep {
        let count: Int
        var at: Int
        switch element(bytes, at: offset) {
        case .needMore: return .needMore
        case .invalid(let why): return .invalid(why)
        case .array(let n, let end): (count, at) = (n, end)
        case .bulk, .integer, .simple, .error: return .invalid("a push that is not an array")
        }
        var kind = PushKind.other
        var payload: Range<Int>?
        for index in 0..<count {
            switch element(bytes, at: at) {
            case .needMore: return .needMore
            case .invalid(let why): return .invalid(why)
            case .bulk(let range, let end):
                if index == 0 { kind = pushKind(UnsafeRawBufferPointer(rebasing: bytes[range])) }
                if index == 2 { payload = range }
                at = end
            case .integer(_, let end), .simple(_, let end), .error(_, let end):
                at = end
            case .array:
                return .invalid("a nested array in a push")
            }
        }
        return .push(kind, payload: kind == .message ? payload : nil, end: at)
    }

    /// Reads the reply that starts at `offset` (PUBLISH answers an integer: how many subscribers got it).
    static func parseReply(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> ReplyStep {
        switch element(bytes, at: offset) {
        case .needMore: return .needMore
        case .invalid(let why): return .invalid(why)
        case .integer(let value, let end): return .integer(value, end: end)
        case .error(let range, let end): return .error(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self), end: end)
        case .simple(_, let end), .bulk(_, let end): return .other(end: end)
        case .array: return .invalid("an array reply to a command that answers a scalar")
        }
    }

    /// Reads one element's header (and a bulk string's body) at `offset`.
    static func element(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Element {
        guard offset < bytes.count else { return .needMore }
        guard let lineEnd = ByteSearch.find("\r\n", in: bytes, from: offset + 1) else {
            return bytes.count - offset > 64 << 10 ? .invalid("RESP line too long") : .needMore
        }
        let type = bytes[offset]
        let line = (offset + 1)..<lineEnd
        switch type {
        case UInt8(ascii: "+"): return .simple(line, end: lineEnd + 2)
        case UInt8(ascii: "-"): return .error(line, end: lineEnd + 2)
        case UInt8(ascii: ":"):
            guard let value = signedDecimal(bytes, line) else { return .invalid("bad RESP integer") }
            return .integer(value, end: lineEnd + 2)
        case UInt8(ascii: "*"):
            guard let count = signedDecimal(bytes, line), count >= 0 else { return .invalid("bad RESP array length") }
            return .array(Int(count), end: lineEnd + 2)
        case UInt8(ascii: "$"):
            guard let length = signedDecimal(bytes, line), length >= 0, length <= bulkBytesMax else {
                return .invalid("bad RESP bulk length")
            }
            let start = lineEnd + 2
            let end = start + Int(length)
            guard bytes.count >= end + 2 else { return .needMore }
            guard bytes[end] == 13, bytes[end + 1] == 10 else { return .invalid("bulk string not followed by CRLF") }
            return .bulk(start..<end, end: end + 2)
        default:
            return .invalid("unknown RESP type byte \(type)")
        }
    }

    private static func pushKind(_ name: UnsafeRawBufferPointer) -> PushKind {
        if name.count == 7, ByteSearch.hasPrefix("message", name) { return .message }
        if name.count == 9, ByteSearch.hasPrefix("subscribe", name) { return .subscribe }
        return .other
    }

    private static func signedDecimal(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        let negative = !range.isEmpty && bytes[range.lowerBound] == UInt8(ascii: "-")
        let start = negative ? range.lowerBound + 1 : range.lowerBound
        guard let n = ByteSearch.decimal(in: bytes, at: start), n.end == range.upperBound, n.value <= UInt64(Int64.max) else {
            return nil
        }
        return negative ? -Int64(n.value) : Int64(n.value)
    }

    /// `*<n>\r\n` and one bulk string per argument: how a client sends a command.
    static func appendCommand(_ arguments: [[UInt8]], to out: inout [UInt8]) {
        out.append(contentsOf: "*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            out.append(contentsOf: "$\(argument.count)\r\n".utf8)
            out.append(contentsOf: argument)
            out.append(contentsOf: "\r\n".utf8)
        }
    }
}
