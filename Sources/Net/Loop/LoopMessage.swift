/// Work handed to a loop by other threads, through its inbox, in order.
enum LoopMessage: Sendable {
    case respond(slot: UInt32, generation: UInt32, sequence: UInt32, response: HTTPResponse)
    case upgrade(slot: UInt32, generation: UInt32, sequence: UInt32, handler: any WebSocketHandler,
                 extraHeaders: HeaderPairs)
    case webSocketSend(slot: UInt32, generation: UInt32, frame: WebSocketFrame)
    case webSocketClose(slot: UInt32, generation: UInt32, code: UInt16, reason: String)
    case fileChunk(slot: UInt32, generation: UInt32, stream: UInt64, chunk: FileChunk)
    case streamPiece(slot: UInt32, generation: UInt32, stream: UInt64, bytes: [UInt8]?)
    case run(@Sendable () -> Void)
    case outlet(@Sendable (WebSocketOutlet) -> Void)
    case beginShutdown
}

typealias LoopMailbox = Inbox<LoopMessage>
