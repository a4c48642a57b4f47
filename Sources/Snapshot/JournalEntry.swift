/// A record as read back from the journal: what `append` was given, plus its LSN.
///
/// The kind and the payload's codec belong to the caller (the Actors layer); the journal only guarantees
/// that the bytes come back exactly, in LSN order, or that recovery stops and says why.
public struct JournalEntry: Sendable, Equatable {
    public let lsn: LSN
    public let kind: UInt16
    /// Milliseconds since the Unix epoch, as given to (or stamped by) `append`.
    public let timestamp: Int64
    public let payload: [UInt8]

    public init(lsn: LSN, kind: UInt16, timestamp: Int64, payload: [UInt8]) {
        self.lsn = lsn
        self.kind = kind
        self.timestamp = timestamp
        self.payload = payload
    }
}
