/// The part of an event loop that talks to the kernel. Two implementations sit behind it: `URingDriver`
/// (io_uring, the default) and `EpollDriver` (fallback where io_uring cannot be set up). Every method is called on
/// the loop thread only.
///
/// Contract shared by both drivers:
/// - At most one receive is armed per connection; bytes arrive as `.received` until `.receiveEnded`.
/// - `send` hands the kernel `count` bytes at `bytes`; the caller keeps them alive and unchanged until the matching
///   `.sent` completion, which always arrives (with an error if the connection died).
/// - `shutdown` ends the connection's receive with a `.receiveEnded` completion so the loop can free the slot once
///   nothing is in flight.
@usableFromInline
protocol IODriver: AnyObject {
    var name: String { get }
    func armAccept(listenFD: Int32, listener: Int)
    /// Stops accepting on a listener; an armed multishot accept ends with a completion asking for a re-arm,
    /// which the loop ignores while it is backing off or shutting down.
    func cancelAccept(listenFD: Int32, listener: Int)
    func armReceive(fd: Int32, slot: UInt32, generation: UInt32)
    func send(fd: Int32, slot: UInt32, generation: UInt32, bytes: UnsafeRawPointer, count: Int)
    func shutdown(fd: Int32, slot: UInt32, generation: UInt32)
    /// The loop is done with the descriptor (nothing is in flight on it any more).
    func closeDescriptor(_ fd: Int32)
    func armWake(eventFD: Int32)
    /// Submits what was queued, waits up to `timeoutMs` (0 = do not wait, -1 = forever) for at least one completion,
    /// and appends every available completion to `events`.
    func wait(timeoutMs: Int, into events: inout [IOEvent])
    /// The bytes of a `.received` event have been consumed; the buffer may be reused.
    func recycle(buffer: UInt16)
    /// Counters for tests and benchmarks.
    var receiveBufferBytesHeld: Int { get }
}
