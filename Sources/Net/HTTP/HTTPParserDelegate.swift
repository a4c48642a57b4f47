/// Receives the events of `HTTPRequestParser.parse`, in order: `head`, zero or more `body`, `end`.
public protocol HTTPParserDelegate {
    mutating func head(_ head: HTTPRequestHead) -> HTTPHeadDecision
    /// Body bytes with any chunked framing removed. The buffer is valid only during the call: it usually points
    /// straight into the caller's input, so copy what must outlive it.
    mutating func body(_ bytes: UnsafeRawBufferPointer)
    /// The request is complete; the parser is ready for the next pipelined request.
    mutating func end()
}
