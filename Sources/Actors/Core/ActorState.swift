import Snapshot

/// The value-type state an actor owns: `apply` is pure and total (records are facts decided earlier).
public protocol ActorState: Sendable {
    var appliedLSN: LSN { get set }
    mutating func applyRecord(_ record: any ChatRecord)
}

extension ActorState {
    /// Applies a record at its LSN. Records at or below `appliedLSN` are already in the state (they were in
    /// the snapshot this state came from) and are skipped, so replay after a snapshot applies each record once.
    public mutating func apply(_ record: any ChatRecord, lsn: LSN) {
        guard lsn > appliedLSN else { return }
        applyRecord(record)
        appliedLSN = lsn
    }
}
