import CShims
import Glibc

/// Everything the network layer can be told. Limits carry their unit last (`…BytesMax`, `…Ms`).
public struct NetConfiguration: Sendable {
    public enum DriverChoice: String, Sendable { case automatic, uring, epoll }

    public var host: String = "0.0.0.0"
    public var port: Int = 8065
    /// Event loop threads; one per core by default.
    public var loopCount: Int = NetConfiguration.coreCount
    public var driver: DriverChoice = .automatic
    /// Connections held at once across all loops. The process may open 20,000 descriptors here; the rest are kept
    /// for the journal, snapshots, files and the accept reserve.
    public var connectionsMax: Int = 19_500
    /// Connections one peer address may hold (0: no limit). Loopback peers are exempt while
    /// `connectionsPerAddressExemptLoopback` holds, because a reverse proxy connects from there for everyone.
    public var connectionsPerAddressMax: Int = 1_000
    public var connectionsPerAddressExemptLoopback = true
    public var listenBacklog: Int32 = 4096
    public var http = HTTPLimits()
    public var webSocket = WebSocketLimits()
    /// A request's head must arrive within this time of its first byte (and a new connection's first request too).
    public var headerTimeoutMs: Int64 = 10_000
    /// A request's body must keep arriving; no gap longer than this.
    public var bodyTimeoutMs: Int64 = 60_000
    /// A keep-alive connection with no request in progress is closed after this long.
    public var idleTimeoutMs: Int64 = 75_000
    /// After a response that closes the connection, unread input is drained for at most this long, so that the
    /// client reads the response instead of a reset.
    public var lingerMs: Int64 = 2_000
    /// Graceful shutdown waits this long for in-progress requests before closing everything.
    public var drainTimeoutMs: Int64 = 10_000
    /// Pipelined requests awaiting their response on one connection; beyond this the connection is closed.
    public var pipelineRequestsMax: Int = 256
    /// Bytes queued but not yet handed to the kernel for one connection; beyond this a WebSocket is closed as a slow
    /// consumer (1008) and HTTP stops reading until it drains.
    public var sendQueueBytesMax: Int = 4 << 20
    /// Input received during a WebSocket upgrade, before the handler accepted it.
    public var upgradeBufferBytesMax: Int = 64 << 10
    /// Messages other threads may queue for one loop before `push` refuses.
    public var inboxMessagesMax: Int = 1 << 20
    /// Provided receive buffers per loop (power of two ≥ 64) and their size.
    public var receiveBufferCount: Int = 256
    public var receiveBufferBytes: Int = 16 << 10
    public var submissionQueueEntries: UInt32 = 1024
    /// Server pings a silent WebSocket after this long and closes it when no pong follows in `webSocketPongTimeoutMs`.
    public var webSocketPingIntervalMs: Int64 = 30_000
    public var webSocketPongTimeoutMs: Int64 = 75_000
    public var tls: TLSConfiguration? = nil

    public init() {}

    public static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
