/// What `DurabilityEngine.start` found and did, for the log and for tests.
public struct RecoveryReport: Sendable, Equatable {
    /// A file recovery set aside, and why.
    public struct Rejected: Sendable, Equatable {
        public let name: String
        public let reason: String
    }

    /// Bytes cut from the end of the journal: a torn tail (never acknowledged) or, under accept-data-loss,
    /// damaged data and everything after it.
    public struct Cut: Sendable, Equatable {
        public let segment: String
        public let offset: Int64
        /// The first LSN that was not recovered.
        public let lsn: LSN
        public let bytes: Int64
        /// Where the cut bytes were kept (nil when there were none).
        public let sideFile: String?
        public let reason: String
    }

    /// The snapshot recovery started from (nil: replay from LSN 1).
    public var snapshot: SnapshotFileInfo?
    /// Newer snapshots that failed verification and were set aside (`.corrupt`).
    public var rejectedSnapshots: [Rejected] = []
    /// Records applied to at least one component.
    public var replayedRecords: UInt64 = 0
    /// The last LSN recovered; the next append gets this plus one.
    public var lastLSN: LSN = 0
    /// The torn tail that was cut, if any.
    public var tornTail: Cut?
    /// Damage accepted under `acceptDataLoss`, if any.
    public var dataLoss: Cut?
    /// Segments set aside under `acceptDataLoss`.
    public var discardedSegments: [String] = []
    public var epoch: UInt64 = 0

    public init() {}
}
