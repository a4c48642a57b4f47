/// Turns a handler's response into bytes for one request: HEAD gets the head only, conditional requests get 304,
/// a single Range gets 206 (or 416), and the head says whether the connection stays open.
enum ResponseWriter {
    static func encode(_ response: HTTPResponse, request: RequestInfo, keepAlive: Bool, date: String,
                       into out: inout [UInt8]) {
        var r = response
        let bytes: [UInt8]
        switch r.body {
        case .empty: bytes = []
        case .bytes(let b): bytes = b
        case .file, .stream: preconditionFailure("file and stream bodies are sent by EventLoop+Streams, not here")
        }
        var range = 0..<bytes.count
        if let head = request.requestHead {
            switch conditionalOutcome(r, head: head, total: Int64(bytes.count)) {
            case .full:
                break
            case .notModified:
                r.status = 304
                range = 0..<0
            case let .partial(offset, length):
                r.status = 206
                r.headers.replaceOrAdd(name: "Content-Range",
                                       value: "bytes \(offset)-\(offset + length - 1)/\(bytes.count)")
                range = Int(offset)..<Int(offset + length)
            case .unsatisfiable:
                r.status = 416
                r.headers.replaceOrAdd(name: "Content-Range", value: "bytes */\(bytes.count)")
                range = 0..<0
            }
        }
        let bodyless = r.status == 204 || r.status == 304 || (100..<200).contains(r.status)
        HTTPResponseEncoder.encodeHead(r, contentLength: bodyless ? nil : Int64(range.count), chunked: false,
                                       keepAlive: keepAlive, date: date, into: &out)
        if !request.isHead && !bodyless && !range.isEmpty {
            out.append(contentsOf: bytes[range])
        }
    }

    /// Conditional handling applies to successful responses that name an ETag (If-None-Match) or accept ranges.
    static func conditionalOutcome(_ r: HTTPResponse, head: HTTPRequestHead, total: Int64) -> HTTPConditional.Outcome {
        guard r.status == 200 else { return .full }
        let etag = r.headers["etag"]
        let acceptsRanges = r.headers["accept-ranges"]?.lowercased() == "bytes"
        if etag == nil && !acceptsRanges { return .full }
        var h = head
        if !acceptsRanges { h.headers.replaceOrAdd(name: "Range", value: "") }
        let outcome = HTTPConditional.evaluate(h, etag: etag, totalLength: total)
        return outcome
    }
}
