/// The way back to one request's connection. It may be used from any thread, once.
public struct HTTPResponder: Sendable {
    let mailbox: LoopMailbox
    let slot: UInt32
    let generation: UInt32
    let sequence: UInt32

    /// Sends the response. If the connection is gone by then, the response is dropped.
    public func respond(_ response: HTTPResponse) {
        let message = LoopMessage.respond(slot: slot, generation: generation, sequence: sequence, response: response)
        // On the loop thread (a quick answer given inside `handle`) the response is written at once.
        if !mailbox.handleLocally(message) { mailbox.push(message, bounded: false) }
    }

    /// Accepts a WebSocket upgrade: sends `101 Switching Protocols` and hands the connection to `handler`.
    /// Only valid for a request whose head `isWebSocketUpgrade`; otherwise the request is answered 400.
    public func upgrade(to handler: any WebSocketHandler, extraHeaders: [(String, String)] = []) {
        mailbox.push(.upgrade(slot: slot, generation: generation, sequence: sequence,
                              handler: handler, extraHeaders: HeaderPairs(extraHeaders)), bounded: false)
    }
}

/// `[(String, String)]` is not `Sendable`-checked as a tuple array in every position; this wrapper is.
struct HeaderPairs: Sendable {
    var pairs: [(String, String)]
    init(_ pairs: [(String, String)]) { self.pairs = pairs }
}
