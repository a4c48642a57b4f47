/// Bounds on everything the HTTP/1.1 parser buffers or accepts, so a peer cannot make a connection hold
/// unbounded memory or run forever. The unit is the last word of each name.
public struct HTTPLimits: Sendable {
    /// Longest request-target; one byte more is answered with 414.
    public var urlBytesMax: Int = 8192
    /// Request line plus header lines (and any empty lines skipped before the request line), counted up to and
    /// including the CRLF of the blank line that ends the head; one byte more is answered with 431.
    /// The same bound applies separately to the trailer section of a chunked body.
    public var headerBytesMax: Int = 65536
    /// Most header fields in one head (and in one trailer section); one more is answered with 431.
    public var headerCountMax: Int = 256
    /// Body cap for a request whose delegate answers `.readBodyDefaultLimit`.
    public var bodyBytesMax: Int = 1 << 20
    /// Longest chunk-size line (hex size, extensions, CRLF). Extensions are ignored, but a peer must not be able
    /// to stream them forever between two data bytes.
    public var chunkLineBytesMax: Int = 4096

    public init() {}
}
