import Synchronization

/// What a loop has done, for tests and benchmarks. Counted on the loop thread in a plain struct and published
/// once per loop turn, so counting costs nothing on the hot path.
public struct LoopCounters: Sendable, Equatable {
    public var driver = ""
    public var turns = 0
    public var accepted = 0
    public var acceptRejectedFull = 0
    public var acceptBackoffs = 0
    public var acceptRejectedPerAddress = 0
    public var closed = 0
    public var openConnections = 0
    /// Connections with a receive armed (one multishot receive each under io_uring).
    public var receivesArmed = 0
    public var receiveRearms = 0
    public var receiveNoBuffers = 0
    /// Receive-buffer bytes the loop holds at the end of its turn (0 when it has recycled them all).
    public var receiveBufferBytesHeld = 0
    public var requests = 0
    public var responses = 0
    public var sends = 0
    public var sendBytes = 0
    public var shortSends = 0
    public var staleCompletions = 0
    public var webSocketsOpen = 0
    public var webSocketFramesOut = 0
    public var webSocketMessagesIn = 0

    public init() {}
}

/// The published copy, readable from any thread.
final class LoopStats: Sendable {
    private let current = Mutex(LoopCounters())
    func publish(_ c: LoopCounters) { current.withLock { $0 = c } }
    func read() -> LoopCounters { current.withLock { $0 } }
}
