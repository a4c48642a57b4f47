/// Size limits for inbound WebSocket traffic; every buffer the parser keeps is bounded by these.
public struct WebSocketLimits: Sendable {
    /// The largest reassembled inbound message in bytes. 8 KiB is Mattermost's `SocketMaxMessageSizeKb`, so
    /// official clients never send more; a larger message is refused with 1009 from its frame header alone,
    /// before any of its payload is buffered.
    public var messageBytesMax: Int = 8192

    /// An optional cap on a single data frame's payload, below `messageBytesMax`, refused with 1009.
    /// Control frames are not affected: RFC 6455 already caps them at 125 bytes.
    public var framePayloadBytesMax: Int?

    /// After a message is delivered the parser keeps its buffer's storage for the next one only up to this
    /// many bytes, so that 10⁵ idle connections that once each received a large message do not each pin it.
    public var retainedBufferBytesMax: Int = 4096

    /// Whether text messages are checked to be UTF-8 (RFC 6455 §8.1 requires it of endpoints; always on in the
    /// server). A load generator that reads a trusted server's frames turns it off so its own cost does not
    /// weigh on the server it shares the machine with.
    public var validatesText = true

    public init() {}
}
