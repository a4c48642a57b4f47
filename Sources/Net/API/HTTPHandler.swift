/// A request whose head and body have arrived in full.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// The peer's address as text (for logs and per-address limits), e.g. "127.0.0.1".
    public var remoteAddress: String
    public var isTLS: Bool

    public init(head: HTTPRequestHead, body: [UInt8], remoteAddress: String = "", isTLS: Bool = false) {
        self.head = head
        self.body = body
        self.remoteAddress = remoteAddress
        self.isTLS = isTLS
    }
}

/// What Server gives the network layer: the routes. Net knows nothing of chat.
public protocol HTTPHandler: Sendable {
    /// The largest body this request may carry. A larger Content-Length is answered 413 before any of the body
    /// is read; a chunked body is cut off with 413 as soon as it passes the limit.
    func bodyLimit(for head: HTTPRequestHead) -> Int

    /// Called on a loop thread for every complete request. Quick answers respond at once (nothing is sent before
    /// the loop turn ends); anything slow hops off the loop and responds later from any thread. Exactly one call to
    /// `respond` or `upgrade` must follow; responses on a connection leave in request order.
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
}

/// Builds the body of every error the network layer answers by itself (400, 408, 413, 414, 431, 500, 503, 505),
/// so that all errors in the product share one shape. Server injects Mattermost's.
public typealias HTTPErrorRenderer = @Sendable (_ status: Int, _ message: String) -> HTTPResponse
