extension HTTPHeadScanner {
    /// Builds the request head from a completed request-mode section and derives its body framing.
    func makeHead() throws(HTTPParseError) -> HTTPRequestHead {
        precondition(state == .endLF, "makeHead called before the head was complete, in state \(state)")
        var method = ""
        var target = ""
        var headers = HTTPHeaders()
        bytes.withUnsafeBufferPointer { buffer in
            func string(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            }
            method = string(0..<methodEnd)
            target = string(methodEnd..<targetEnd)
            headers.reserveCapacity(fields.count)
            for field in fields {
                headers.add(
                    name: string(field.nameStart..<field.nameEnd), value: string(field.valueStart..<field.valueEnd))
            }
        }
        let framing = try HTTPRequestHead.framing(headers: headers, versionMinor: versionMinor)
        return HTTPRequestHead(
            method: method, target: target, versionMinor: versionMinor, headers: headers,
            contentLength: framing.contentLength, isChunked: framing.isChunked)
    }
}
