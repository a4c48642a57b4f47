/// How one call to `HTTPRequestParser.parse` ended.
public enum HTTPParseResult: Sendable, Equatable {
    /// Every input byte was used (partial lines are buffered inside the parser); the count is the input's.
    case consumed(Int)
    /// The delegate answered `.pause`; bytes after `consumed` belong to the caller.
    case paused(consumed: Int)
    /// The parser is failed for good; answer `error.status` and close.
    case failed(HTTPParseError)
}
