/// The heartbeat and closing-handshake timers of a `WebSocketSession`, in monotonic milliseconds.
public struct WebSocketTimeouts: Sendable {
    /// Ping a connection after this long without any frame from it. 30 s stays under the 60 s idle timeout
    /// of common proxies and load balancers (AWS ALB), which Mattermost's own 60 s ping races.
    public var pingIntervalMs: Int64 = 30_000
    /// Give up on a connection when nothing at all arrives this long after a ping: about 2.5 intervals, so a
    /// client busy for a while (a phone waking its radio) is not dropped over one slow reply.
    public var pongTimeoutMs: Int64 = 75_000
    /// After sending our close frame, wait this long for the peer's before closing the socket anyway; a
    /// peer that never answers must not keep its slot.
    public var closeTimeoutMs: Int64 = 5_000

    public init() {}
}
