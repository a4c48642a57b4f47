/// A completion as the loop sees it, whichever driver produced it. The drivers translate io_uring CQEs or epoll
/// readiness into these, so the connection logic above them is written once.
@usableFromInline
enum IOEvent {
    /// A new connection's descriptor, or a negative errno when accepting failed. `rearm` is true when the driver
    /// needs the loop to arm accepting again (a multishot accept ended).
    case accepted(fd: Int32, listener: Int, rearm: Bool)
    case acceptFailed(errno: Int32, listener: Int, rearm: Bool)
    /// Bytes received for a connection. `buffer` identifies the driver buffer to recycle once they are consumed.
    case received(slot: UInt32, generation: UInt32, bytes: UnsafeRawBufferPointer, buffer: UInt16)
    /// The receive stream ended or paused: `result` is 0 at end of stream, a negative errno otherwise
    /// (-ENOBUFS is back-pressure). `rearm` tells whether a new receive must be armed to keep reading.
    case receiveEnded(slot: UInt32, generation: UInt32, result: Int32)
    /// A send finished: bytes written, or a negative errno.
    case sent(slot: UInt32, generation: UInt32, result: Int32)
    /// The inbox's eventfd fired; `rearm` when the driver needs the wake-up armed again.
    case wake(rearm: Bool)
}
