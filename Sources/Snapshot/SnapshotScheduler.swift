/// Decides when a periodic snapshot is due: after `snapshotEveryRecords` records, or after
/// `snapshotEveryMillis` if anything was written since the last one. Times are injected-clock nanoseconds.
struct SnapshotScheduler: Sendable {
    private(set) var lastLSN: LSN
    private(set) var lastNanos: UInt64

    init(lsn: LSN, nowNanos: UInt64) {
        lastLSN = lsn
        lastNanos = nowNanos
    }

    func isDue(journalLSN: LSN, nowNanos: UInt64, configuration: DurabilityConfiguration) -> Bool {
        guard journalLSN > lastLSN else { return false }
        if journalLSN - lastLSN >= configuration.snapshotEveryRecords { return true }
        return nowNanos &- lastNanos >= UInt64(configuration.snapshotEveryMillis) * 1_000_000
    }

    mutating func taken(journalLSN: LSN, nowNanos: UInt64) {
        lastLSN = journalLSN
        lastNanos = nowNanos
    }
}
