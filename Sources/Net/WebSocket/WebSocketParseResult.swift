/// What one `WebSocketFrameParser.parse` call did with its input.
public enum WebSocketParseResult: Equatable, Sendable {
    /// All `n` input bytes were taken: complete frames were delivered and a trailing partial frame was
    /// buffered, so the caller may reuse its receive buffer at once. `n` is always the input's length.
    case consumed(Int)
    /// The stream broke the protocol; the connection should be closed with `closeCode`. `reason` is fixed
    /// text chosen by the parser (never peer data), short enough for a close frame, and safe to log.
    case failed(closeCode: UInt16, reason: String)
}
