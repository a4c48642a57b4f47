/// Why an upgrade request was refused, as the HTTP response the shell should send instead of 101.
public struct WebSocketHandshakeError: Error, Sendable, Equatable {
    /// 400 for a malformed request, 426 for a WebSocket version other than 13.
    public var status: Int
    /// Fixed text naming the broken rule; never contains request data, so it is safe to log and to send.
    public var reason: String

    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// Headers the refusal must carry: RFC 6455 §4.2.2 requires a 426 to list the versions we speak, so
    /// the client can retry with one of them.
    public var responseHeaders: [(String, String)] {
        status == 426 ? [("Sec-WebSocket-Version", "13")] : []
    }
}
