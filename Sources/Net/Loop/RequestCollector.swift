/// The parser's delegate for one `parse` call: it gathers bodies and completed requests so that the handler is
/// called only after the parser is stored back (a handler that answers at once re-enters the loop safely).
struct RequestCollector: HTTPParserDelegate {
    enum Item {
        case request(HTTPRequestHead, [UInt8])
        /// An upgrade request: parsing pauses after its head; what follows belongs to the new protocol.
        case upgrade(HTTPRequestHead)
        /// Answered by the loop itself, then the connection closes.
        case error(status: Int, message: String)
        /// `100 Continue` must go out now for the client to send the body.
        case sendContinue
    }

    let handler: any HTTPHandler
    var head: HTTPRequestHead?
    var body: [UInt8]
    var items: [Item] = []

    init(handler: any HTTPHandler, head: HTTPRequestHead?, body: [UInt8]) {
        self.handler = handler
        self.head = head
        self.body = body
    }

    mutating func head(_ h: HTTPRequestHead) -> HTTPHeadDecision {
        if h.isWebSocketUpgrade {
            items.append(.upgrade(h))
            return .pause
        }
        // Only a request that carries a body needs its route's limit; most (GETs) do not ask.
        let hasBody = h.isChunked || (h.contentLength ?? 0) > 0
        let limit = hasBody ? handler.bodyLimit(for: h) : 0
        if let length = h.contentLength, length > limit {
            items.append(.error(status: 413, message: "request body of \(length) bytes exceeds the limit of \(limit)"))
            return .pause
        }
        if h.expectsContinue && (h.isChunked || (h.contentLength ?? 0) > 0) {
            items.append(.sendContinue)
        }
        head = h
        body = []
        if let length = h.contentLength { body.reserveCapacity(length) }
        return .readBody(limitBytes: limit)
    }

    mutating func body(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }

    mutating func end() {
        guard let h = head else { preconditionFailure("request end without a head") }
        items.append(.request(h, body))
        head = nil
        body = []
    }
}
