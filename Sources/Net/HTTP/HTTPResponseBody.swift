/// Where a response's body comes from.
public enum HTTPResponseBody: Sendable, Equatable {
    case empty
    case bytes([UInt8])
    /// A byte range of a file, sent by the loop without copying it through Swift arrays.
    case file(path: String, offset: Int64, length: Int64)
    /// A body produced piece by piece, sent with `Transfer-Encoding: chunked`.
    case stream(HTTPBodyStream)
}
