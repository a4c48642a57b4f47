/// How the engine keeps its promise, and the limits on everything it holds. Limits carry their unit last.
public struct DurabilityConfiguration: Sendable, Equatable {
    /// When an appended record counts as durable. The promise of each is in the module README.
    public enum Policy: String, Sendable, Equatable, CaseIterable {
        /// Acknowledge after the fdatasync of the record's batch: nothing acknowledged is lost on a process
        /// crash or a power loss.
        case durable
        /// Acknowledge once written to the kernel; fdatasync every `relaxedSyncIntervalMillis`. A process
        /// crash loses nothing acknowledged; a power loss loses at most what was acknowledged in the last
        /// interval plus one fdatasync.
        case relaxed
        /// Nothing is written; records are acknowledged at once. For tests only.
        case memory
    }

    public var policy: Policy = .durable
    /// How long the writer waits after the first pending record before taking a batch (0: at once). While
    /// an fdatasync is in progress new records gather anyway, which is what makes group commit work.
    public var batchWindowMicros: Int = 0
    /// `relaxed` only: the longest time written records stay unsynced.
    public var relaxedSyncIntervalMillis: Int64 = 100
    /// The preallocated size of each journal segment.
    public var segmentBytes: Int = 64 << 20
    /// The largest payload `append` accepts; larger ones are rejected before an LSN is assigned.
    public var recordBytesMax: Int = 1 << 20
    /// Encoded bytes waiting for the writer beyond which `append` throws `.overloaded`.
    public var pendingBytesMax: Int = 32 << 20
    /// Tasks waiting in `durable(_:)` beyond which it throws `.tooManyWaiters`.
    public var durableWaitersMax: Int = 1 << 20
    /// How often a journal that ran out of space retries (its probe write and fsync).
    public var diskFullProbeMillis: Int64 = 1000
    /// A snapshot is due after this many records since the last one...
    public var snapshotEveryRecords: UInt64 = 1_000_000
    /// ...or after this long, if any record was written since.
    public var snapshotEveryMillis: Int64 = 30 * 60 * 1000
    /// Bytes a snapshot writer buffers before it writes a checksummed chunk.
    public var snapshotChunkBytes: Int = 1 << 20
    /// When set, journal segments and snapshots that are no longer needed for recovery move to `archive/`
    /// and stay there this long, for point-in-time restore; when nil they are deleted.
    public var archiveRetentionMillis: Int64?

    public init() {}

    public init(policy: Policy) {
        self.policy = policy
    }

    /// Checks that the limits can work together.
    public func validate() throws {
        func fail(_ why: String) -> DurabilityError { .invalidConfiguration(reason: why) }
        guard segmentBytes >= 4096, segmentBytes % SnapshotFormat.sectorBytes == 0 else {
            throw fail("segmentBytes must be a multiple of \(SnapshotFormat.sectorBytes) and at least 4096")
        }
        let room = segmentBytes - SnapshotFormat.segmentHeaderBytes
        guard recordBytesMax >= 0, RecordHeader.paddedBytes(payload: recordBytesMax) <= room else {
            throw fail("recordBytesMax \(recordBytesMax) does not fit a \(segmentBytes)-byte segment")
        }
        guard pendingBytesMax >= RecordHeader.paddedBytes(payload: recordBytesMax) else {
            throw fail("pendingBytesMax must hold at least one record of recordBytesMax")
        }
        guard batchWindowMicros >= 0, relaxedSyncIntervalMillis > 0, diskFullProbeMillis > 0,
              durableWaitersMax > 0, snapshotChunkBytes >= 64, snapshotEveryRecords > 0, snapshotEveryMillis > 0 else {
            throw fail("intervals and limits must be positive")
        }
        if let retention = archiveRetentionMillis, retention < 0 { throw fail("archiveRetentionMillis must be >= 0") }
    }
}
