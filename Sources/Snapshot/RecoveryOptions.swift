/// Choices the operator makes at start-up.
public struct RecoveryOptions: Sendable, Equatable {
    /// Start even though the journal is corrupt in the middle (or a segment is unusable): keep the records
    /// before the damage, set the rest aside (`.torn-<offset>` side file, `.discarded` segments), and report
    /// the lost LSN range. Without it such damage stops start-up with the segment and LSN named.
    public var acceptDataLoss: Bool

    public init(acceptDataLoss: Bool = false) {
        self.acceptDataLoss = acceptDataLoss
    }
}
