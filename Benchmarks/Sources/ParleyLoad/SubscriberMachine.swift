/// One subscriber connection's protocol, as a value-type state machine: the shell (`SubscriberThread`) owns the
/// socket, hands the machine what it reads and performs the action it returns. The machine never touches a
/// socket or a clock, so tests drive it with bytes alone.
protocol SubscriberMachine: Sendable {
    /// Per-thread state the machine records into; one per subscriber thread, shared by its connections.
    associatedtype Context: SubscriberContext

    /// The TCP connection is up.
    mutating func connected() -> SubscriberAction
    /// `input` arrived; the context's `recorder.now` is the time it was read.
    mutating func received(_ input: UnsafeRawBufferPointer, context: inout Context) -> SubscriberAction
    /// Bytes the machine wants sent, taken by the shell after `.write`.
    mutating func takeOutbound() -> [UInt8]
    /// What a well-behaved client sends before it hangs up at the end of a run (a WebSocket close frame), so the
    /// server knows it will not come back; sent best effort.
    var farewell: [UInt8] { get }
}

extension SubscriberMachine {
    var farewell: [UInt8] { [] }
}

protocol SubscriberContext: Sendable {
    init()
    var recorder: DeliveryRecorder { get set }
}

enum SubscriberAction: Equatable, Sendable {
    /// Nothing to do until more bytes arrive.
    case wait
    /// Send `takeOutbound()`.
    case write
    /// The connection is finished: close it. `reason` is fixed text or from a framing, never message bytes.
    case fail(String)
}

/// The plain context: a recorder and nothing else (Redis needs no more).
struct PlainContext: SubscriberContext {
    var recorder = DeliveryRecorder()
}
