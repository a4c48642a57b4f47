/// What to do with one event for one socket, from what the socket has not yet taken (issue "Real-time" item 7):
/// send it; drop it (an ephemeral event — typing, status, viewed — once the socket is past half its budget, or
/// while all sockets together are over the global cap); or cut the socket off as a slow consumer (past its byte or
/// event budget, or lagging while the global cap is exceeded), keeping its feed for a resume.
struct SlowConsumerRule: Sendable, Equatable {
    enum Verdict: Equatable { case send, drop, cut }

    var sendBytesMax: Int
    var sendEventsMax: Int

    /// - Parameters:
    ///   - pending: bytes queued for the socket and not yet taken by the kernel.
    ///   - length: this event's frame payload.
    ///   - queuedSinceEmpty: events queued since the socket's queue was last seen empty (≥ events now queued).
    ///   - overGlobalCap: every socket's unsent bytes together pass the global cap.
    func verdict(pending: Int, length: Int, ephemeral: Bool, queuedSinceEmpty: Int, overGlobalCap: Bool) -> Verdict {
        if pending + length > sendBytesMax || queuedSinceEmpty >= sendEventsMax { return .cut }
        if overGlobalCap && pending > sendBytesMax / 8 { return .cut }
        if ephemeral && (pending > sendBytesMax / 2 || overGlobalCap) { return .drop }
        return .send
    }
}
