/// An incremental HTTP/1.1 request parser: a value-type state machine fed whatever bytes arrived, which
/// reports heads, body bytes and ends to a delegate.
///
/// Input may be split anywhere, down to one byte per call: partial request lines, header lines, chunk-size
/// lines and trailers are kept inside (bounded by `HTTPLimits`), and every rule is checked at the byte that
/// breaks it, so the events and the error do not depend on the split. Body bytes are handed over without
/// copying. Several pipelined requests in one input are all parsed. Owned by one connection, so by one loop
/// thread.
public struct HTTPRequestParser: Sendable {
    enum State: Sendable, Equatable {
        case head
        case fixedBody(remainingBytes: Int)
        case chunkedBody
        case trailers
        case failed(HTTPParseError)
    }

    /// What happened once a head was complete.
    private enum AfterHead {
        case proceed
        case pause
        case failed(HTTPParseError)
    }

    public let limits: HTTPLimits
    private(set) var state: State = .head
    private var scanner: HTTPHeadScanner
    private var chunks: HTTPChunkedDecoder

    public init(limits: HTTPLimits = .init()) {
        self.limits = limits
        scanner = HTTPHeadScanner(limits: limits)
        chunks = HTTPChunkedDecoder(limits: limits)
    }

    /// Between requests with nothing buffered: the connection is idle, not slow to send a head.
    public var isIdle: Bool {
        switch state {
        case .head: return scanner.isAtStart
        case .fixedBody, .chunkedBody, .trailers, .failed: return false
        }
    }

    /// Some of a request has arrived but not all of it.
    public var hasPartialRequest: Bool {
        switch state {
        case .head: return !scanner.isAtStart
        case .fixedBody, .chunkedBody, .trailers: return true
        case .failed: return false
        }
    }

    /// Bytes held between calls (for tests: the limits must bound it whatever arrives).
    var bufferedBytes: Int { scanner.bytes.count }

    /// Consumes as much of `input` as it can; see the type's documentation. After `.paused` the bytes past
    /// `consumed` are the caller's and the next call starts a new request. After `.failed` every call returns
    /// the same failure.
    public mutating func parse<D: HTTPParserDelegate>(
        _ input: UnsafeRawBufferPointer, delegate: inout D
    ) -> HTTPParseResult {
        var position = 0
        while true {
            switch state {
            case .failed(let error):
                return .failed(error)
            case .head:
                guard position < input.count else { return .consumed(position) }
                let scanned = scanner.scan(input, from: position)
                position = scanned.position
                switch scanned.outcome {
                case .needMore:
                    return .consumed(position)
                case .failed(let error):
                    return fail(error)
                case .complete:
                    switch headComplete(delegate: &delegate) {
                    case .proceed: continue
                    case .pause: return .paused(consumed: position)
                    case .failed(let error): return .failed(error)
                    }
                }
            case .fixedBody(let remaining):
                guard position < input.count else { return .consumed(position) }
                position += passFixedBody(input, from: position, remainingBytes: remaining, delegate: &delegate)
            case .chunkedBody:
                guard position < input.count else { return .consumed(position) }
                let decoded = chunks.decode(input, from: position, delegate: &delegate)
                position = decoded.position
                switch decoded.outcome {
                case .needMore: return .consumed(position)
                case .failed(let error): return fail(error)
                case .lastChunk:
                    scanner.reset(mode: .trailers)
                    state = .trailers
                }
            case .trailers:
                guard position < input.count else { return .consumed(position) }
                let scanned = scanner.scan(input, from: position)
                position = scanned.position
                switch scanned.outcome {
                case .needMore: return .consumed(position)
                case .failed(let error): return fail(error)
                case .complete: finishRequest(delegate: &delegate)
                }
            }
        }
    }

    private mutating func passFixedBody<D: HTTPParserDelegate>(
        _ input: UnsafeRawBufferPointer, from start: Int, remainingBytes: Int, delegate: inout D
    ) -> Int {
        let count = min(remainingBytes, input.count - start)
        delegate.body(UnsafeRawBufferPointer(rebasing: input[start..<start + count]))
        if count == remainingBytes {
            finishRequest(delegate: &delegate)
        } else {
            state = .fixedBody(remainingBytes: remainingBytes - count)
        }
        return count
    }

    private mutating func headComplete<D: HTTPParserDelegate>(delegate: inout D) -> AfterHead {
        let head: HTTPRequestHead
        do {
            head = try scanner.makeHead()
        } catch {
            _ = fail(error)
            return .failed(error)
        }
        scanner.reset(mode: .request)
        switch delegate.head(head) {
        case .pause:
            state = .head
            return .pause
        case .readBody(let limitBytes):
            return beginBody(head, limitBytes: limitBytes, delegate: &delegate)
        case .readBodyDefaultLimit:
            return beginBody(head, limitBytes: limits.bodyBytesMax, delegate: &delegate)
        }
    }

    private mutating func beginBody<D: HTTPParserDelegate>(
        _ head: HTTPRequestHead, limitBytes: Int, delegate: inout D
    ) -> AfterHead {
        // A negative limit means no body at all, exactly like zero: an empty body is still fine.
        let limitBytes = max(0, limitBytes)
        if head.isChunked {
            chunks.start(limitBytes: limitBytes)
            state = .chunkedBody
            return .proceed
        }
        let length = head.contentLength ?? 0
        guard length <= limitBytes else {
            _ = fail(.bodyTooLarge)
            return .failed(.bodyTooLarge)
        }
        if length == 0 {
            finishRequest(delegate: &delegate)
        } else {
            state = .fixedBody(remainingBytes: length)
        }
        return .proceed
    }

    private mutating func finishRequest<D: HTTPParserDelegate>(delegate: inout D) {
        scanner.reset(mode: .request)
        state = .head
        delegate.end()
    }

    private mutating func fail(_ error: HTTPParseError) -> HTTPParseResult {
        state = .failed(error)
        return .failed(error)
    }
}
