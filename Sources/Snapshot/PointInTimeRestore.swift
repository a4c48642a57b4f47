import Logging

/// Point-in-time restore, the engine function behind `parley restore --data-dir D --to T --into D2`.
///
/// Chat-agnostic and streaming: it copies the newest snapshot at or before the target (from `snapshots/` or
/// `archive/`) and re-writes the journal records after that snapshot up to the target into fresh segments of
/// a new data directory with a new epoch. Starting an engine on the new directory then recovers exactly the
/// state of the records up to the target. The source is only read. While it works the new directory holds a
/// `RESTORING` marker, on which the engine refuses to start.
public struct PointInTimeRestore {
    let storage: any Storage
    let clock: any DurabilityClock
    let logger: Logger
    let segmentBytes: Int
    let makeEpoch: @Sendable () -> UInt64

    public init(storage: any Storage = FileStorage(), clock: any DurabilityClock = SystemDurabilityClock(), logger: Logger,
                segmentBytes: Int = DurabilityConfiguration().segmentBytes,
                makeEpoch: @escaping @Sendable () -> UInt64 = { UInt64.random(in: 1...UInt64.max) }) {
        self.storage = storage
        self.clock = clock
        self.logger = logger
        self.segmentBytes = segmentBytes
        self.makeEpoch = makeEpoch
    }

    /// Restores `source` up to `target` into `destination`, which must not exist or be empty.
    public func restore(from source: String, to target: RestoreTarget, into destination: String) throws -> RestoreReport {
        let from = DataDirectory(root: source)
        let scan = JournalScan(storage: storage, directories: [from.archive, from.journal])
        let resolved = try resolve(target, scan: scan)
        let snapshot = try chooseSnapshot(in: from, upTo: resolved.lsn, firstAvailable: resolved.firstAvailable)
        let to = DataDirectory(root: destination)
        try prepareDestination(to)
        let epoch = makeEpoch()
        if let snapshot { try copySnapshot(snapshot, into: to, epoch: epoch) }
        let base = snapshot?.baseLSN ?? 0
        let copied = try copyRecords(scan, after: base, through: resolved.lsn, into: to, epoch: epoch)
        try storage.fsyncDirectory(to.journal)
        try storage.fsyncDirectory(to.snapshots)
        try storage.remove(to.restoringMarker)
        try storage.fsyncDirectory(to.root)
        logger.info("restore: \(destination) holds LSN \(resolved.lsn) (snapshot \(snapshot?.fileName ?? "none"), \(copied) records)")
        return RestoreReport(lsn: resolved.lsn, snapshot: snapshot?.fileName, records: copied, epoch: epoch)
    }

    /// Finds the target LSN, checking that the journal is sound up to it.
    private func resolve(_ target: RestoreTarget, scan: JournalScan) throws -> (lsn: LSN, firstAvailable: LSN) {
        var first: LSN?
        var stop: LSN?
        let outcome = try scan.run(expectedEpoch: nil) { h, _, _ in
            if first == nil { first = h.lsn }
            if case .timestamp(let t) = target, stop == nil, h.timestamp > t { stop = h.lsn - 1 }
        }
        let firstAvailable = first ?? outcome.segments.first?.firstLSN ?? 1
        let lsn: LSN
        switch target {
        case .lsn(let n): lsn = n
        case .timestamp: lsn = stop ?? outcome.lastLSN
        }
        guard lsn <= outcome.lastLSN else {
            throw DurabilityError.restoreTarget(reason: "LSN \(lsn) is beyond the journal's end (LSN \(outcome.lastLSN))")
        }
        switch outcome.problem {
        case nil, .tornTail:
            break
        case .corruption(let index, let offset, let bad, _, let reason):
            if bad <= lsn {
                throw DurabilityError.corruptJournal(segment: outcome.segments[index].name, offset: offset, lsn: bad, reason: reason)
            }
        case .unusableSegment(_, let error):
            if outcome.lastLSN < lsn { throw error }
        }
        return (lsn, firstAvailable)
    }

    /// The newest valid snapshot at or before `lsn` whose replay the journal covers.
    private func chooseSnapshot(in from: DataDirectory, upTo lsn: LSN, firstAvailable: LSN) throws -> SnapshotFileInfo? {
        var candidates: [(path: String, lsn: LSN)] = []
        for directory in [from.snapshots, from.archive] {
            for (name, at) in try DataDirectory.snapshotNames(in: directory, storage: storage) where at <= lsn {
                candidates.append((StoragePath.join(directory, name), at))
            }
        }
        for candidate in candidates.sorted(by: { $0.lsn > $1.lsn }) {
            guard let info = try? SnapshotFile.verify(path: candidate.path, storage: storage) else {
                logger.warning("restore: skipping snapshot \(candidate.path), which fails verification")
                continue
            }
            if info.baseLSN + 1 >= firstAvailable { return SnapshotFileInfo(fileName: candidate.path, copying: info) }
        }
        if firstAvailable <= 1 { return nil }
        throw DurabilityError.restoreTarget(reason: "no valid snapshot at or before LSN \(lsn) and the journal starts at LSN \(firstAvailable)")
    }

    private func prepareDestination(_ to: DataDirectory) throws {
        if storage.exists(to.root), !(try storage.list(to.root)).isEmpty {
            throw DurabilityError.restoreTarget(reason: "\(to.root) exists and is not empty")
        }
        try storage.makeDurableDirectory(to.root)
        let marker = try storage.open(to.restoringMarker, create: true)
        storage.close(marker)
        try storage.fsyncDirectory(to.root)
        try to.create(storage: storage, archive: false)
    }
}
