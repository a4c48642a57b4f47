/// Parley's network layer: io_uring (or epoll) event loops, HTTP/1.1, WebSocket and TLS.
/// It knows nothing of chat: Server supplies the routes and the error renderer.
public enum NetVersion {
    public static let name = "parley-net"
}
