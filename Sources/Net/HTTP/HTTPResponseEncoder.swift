/// Writes responses as HTTP/1.1 bytes. Pure: the loop decides keep-alive, framing and the date, and owns the
/// output buffer.
public struct HTTPResponseEncoder {
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Status lines for 100–599, built once: the line is the same for every response with that status.
    private static let statusLines: [[UInt8]] = (100..<600).map {
        Array("HTTP/1.1 \($0) \(HTTPStatusReason.phrase($0))\r\n".utf8)
    }

    private static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the status line and headers. The encoder owns the framing fields: Content-Length,
    /// Transfer-Encoding and Date from `r.headers` are dropped in favour of the arguments, and so is its
    /// Connection field when the connection is closing. A Connection field is kept on a keep-alive response
    /// because a 101 needs "Connection: Upgrade". For HEAD the caller passes the length the GET would have had
    /// and writes no body.
    public static func encodeHead(
        _ r: HTTPResponse, contentLength: Int64?, chunked: Bool, keepAlive: Bool, date: String,
        into out: inout [UInt8]
    ) {
        precondition(!(chunked && contentLength != nil), "a response is either chunked or has a Content-Length")
        if (100..<600).contains(r.status) {
            out.append(contentsOf: statusLines[r.status - 100])
        } else {
            out.append(contentsOf: "HTTP/1.1 \(r.status) \(HTTPStatusReason.phrase(r.status))\r\n".utf8)
        }
        for field in r.headers where !isEncoderOwned(field.name, keepAlive: keepAlive) {
            appendField(field.name, field.value, into: &out)
        }
        if let contentLength {
            appendField("Content-Length", String(contentLength), into: &out)
        } else if chunked {
            appendField("Transfer-Encoding", "chunked", into: &out)
        }
        if !keepAlive {
            appendField("Connection", "close", into: &out)
        }
        if !date.isEmpty {
            appendField("Date", date, into: &out)
        }
        out.append(.cr)
        out.append(.lf)
    }

    /// Appends one chunk. Empty input appends nothing, since an empty chunk would end the body.
    public static func encodeChunk(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard bytes.count > 0 else { return }
        let size = bytes.count
        let nibbles = (Int.bitWidth - size.leadingZeroBitCount + 3) / 4
        for nibble in stride(from: nibbles - 1, through: 0, by: -1) {
            out.append(hexDigits[(size >> (nibble * 4)) & 0xF])
        }
        out.append(.cr)
        out.append(.lf)
        out.append(contentsOf: bytes)
        out.append(.cr)
        out.append(.lf)
    }

    public static func encodeLastChunk(into out: inout [UInt8]) {
        out.append(contentsOf: lastChunk)
    }

    private static func isEncoderOwned(_ name: String, keepAlive: Bool) -> Bool {
        HTTPHeaders.namesEqual(name, "Content-Length") || HTTPHeaders.namesEqual(name, "Transfer-Encoding")
            || HTTPHeaders.namesEqual(name, "Date") || (!keepAlive && HTTPHeaders.namesEqual(name, "Connection"))
    }

    /// Values can carry user data (a file name in Content-Disposition), so CR, LF and NUL are replaced by spaces:
    /// a response must never be splittable by what a user typed. Names come from code and get the same guard.
    private static func appendField(_ name: String, _ value: String, into out: inout [UInt8]) {
        appendSanitized(name, into: &out)
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
        appendSanitized(value, into: &out)
        out.append(.cr)
        out.append(.lf)
    }

    private static func appendSanitized(_ text: String, into out: inout [UInt8]) {
        // Append first, then mend in place: one pass over contiguous bytes instead of a scan through String's
        // UTF-8 view and a second copy.
        let start = out.count
        out.append(contentsOf: text.utf8)
        out.withUnsafeMutableBufferPointer { p in
            for k in start..<p.count where p[k] == .cr || p[k] == .lf || p[k] == 0 {
                p[k] = UInt8(ascii: " ")
            }
        }
    }
}

// File-private so these short names cannot clash with other code in the module.
extension UInt8 {
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let lf = UInt8(ascii: "\n")
}
