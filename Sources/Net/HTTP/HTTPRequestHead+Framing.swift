extension HTTPRequestHead {
    /// How the body is delimited, per RFC 9112 §6. Every ambiguity is an error rather than a guess, because two
    /// servers guessing differently on the same bytes is how request smuggling works.
    static func framing(headers: HTTPHeaders, versionMinor: Int) throws(HTTPParseError)
        -> (contentLength: Int?, isChunked: Bool)
    {
        var contentLength: Int? = nil
        var sawTransferEncoding = false
        var codings = 0
        var onlyChunked = true
        for field in headers {
            if HTTPHeaders.namesEqual(field.name, "Content-Length") {
                let length = try parseContentLength(field.value)
                if let previous = contentLength, previous != length {
                    throw .malformed("conflicting Content-Length values")
                }
                contentLength = length
            } else if HTTPHeaders.namesEqual(field.name, "Transfer-Encoding") {
                sawTransferEncoding = true
                HTTPHeaders.forEachListElement(field.value) { coding in
                    codings += 1
                    onlyChunked = onlyChunked && HTTPHeaders.namesEqual(coding, "chunked")
                }
            }
        }
        guard sawTransferEncoding else { return (contentLength, false) }
        guard contentLength == nil else { throw .malformed("Content-Length with Transfer-Encoding") }
        // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means the framing is faulty.
        guard versionMinor >= 1 else { throw .malformed("Transfer-Encoding in HTTP/1.0") }
        guard codings == 1 && onlyChunked else { throw .unsupportedTransferCoding }
        return (nil, true)
    }

    /// One Content-Length field value: digits, or a list of identical digit strings (RFC 9110 §8.6 lets a
    /// recipient accept "5, 5"). A value that does not fit in an Int is malformed rather than clamped, so no
    /// delegate ever sees a length the peer did not send.
    static func parseContentLength(_ value: String) throws(HTTPParseError) -> Int {
        var result: Int? = nil
        for element in HTTPHeaders.listElements(value) {
            var length = 0
            for byte in element.utf8 {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                    throw .malformed("invalid Content-Length")
                }
                let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !overflow1 && !overflow2 else { throw .malformed("Content-Length out of range") }
                length = sum
            }
            if let previous = result, previous != length { throw .malformed("conflicting Content-Length values") }
            result = length
        }
        guard let result else { throw .malformed("invalid Content-Length") }
        return result
    }
}
