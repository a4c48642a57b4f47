/// Where a point-in-time restore stops.
public enum RestoreTarget: Sendable, Equatable {
    /// Every record up to and including this LSN.
    case lsn(LSN)
    /// Every record before the first one stamped later than this (milliseconds since the Unix epoch):
    /// the longest prefix of the journal whose records are all at or before it.
    case timestamp(Int64)
}

/// What a point-in-time restore did.
public struct RestoreReport: Sendable, Equatable {
    /// The last LSN in the restored directory.
    public let lsn: LSN
    /// The snapshot the restore started from (nil: the journal from LSN 1).
    public let snapshot: String?
    /// Journal records copied after the snapshot.
    public let records: UInt64
    /// The new directory's epoch.
    public let epoch: UInt64
}
