import Logging

// After a snapshot: keep the newest two snapshots, drop the journal segments the older of them no longer
// needs — deleted, or moved to archive/ when a retention window for point-in-time restore is configured —
// and prune the archive to that window.
extension DurabilityEngine {
    static let snapshotsKept = 2

    func cleanUp() throws {
        let archiving = configuration.archiveRetentionMillis != nil
        let snapshots = try DataDirectory.snapshotNames(in: layout.snapshots, storage: storage)
        let older = snapshots.dropFirst(Self.snapshotsKept)
        for (name, _) in older {
            try retire(layout.snapshot(name), archiving: archiving)
        }
        if !older.isEmpty { try syncDirectories(layout.snapshots, archiving: archiving) }
        guard let oldestKept = snapshots.prefix(Self.snapshotsKept).last else { return }
        let base = try SnapshotFile.inspect(path: layout.snapshot(oldestKept.name), storage: storage).baseLSN
        let detached = journal.catalog.detach(through: base)
        for entry in detached {
            try retire(layout.segment(entry.name), archiving: archiving)
        }
        if !detached.isEmpty {
            try syncDirectories(layout.journal, archiving: archiving)
            logger.info("durability: \(archiving ? "archived" : "deleted") \(detached.count) journal segment(s) up to LSN \(base)")
        }
        if archiving { try pruneArchive() }
    }

    private func retire(_ path: String, archiving: Bool) throws {
        if archiving {
            try storage.rename(path, to: StoragePath.join(layout.archive, StoragePath.name(path)))
        } else {
            try storage.remove(path)
        }
    }

    private func syncDirectories(_ directory: String, archiving: Bool) throws {
        if archiving { try storage.fsyncDirectory(layout.archive) }
        try storage.fsyncDirectory(directory)
    }

    /// Keeps the archived snapshots created within the retention window plus the newest one before it (so
    /// the window's start can be restored), and the archived segments those snapshots need.
    private func pruneArchive() throws {
        guard let retention = configuration.archiveRetentionMillis else { return }
        let horizon = clock.wallClockMillis() - retention
        var anchored = false
        var oldestBase: LSN?
        var removed = 0
        for (name, _) in try DataDirectory.snapshotNames(in: layout.archive, storage: storage) {
            let path = StoragePath.join(layout.archive, name)
            let info = try? SnapshotFile.inspect(path: path, storage: storage)
            if let info, info.createdAt >= horizon || !anchored {
                anchored = anchored || info.createdAt < horizon
                oldestBase = info.baseLSN
            } else {
                try storage.remove(path)
                removed += 1
            }
        }
        if let floor = oldestBase { removed += try pruneArchivedSegments(through: floor) }
        if removed > 0 { try storage.fsyncDirectory(layout.archive) }
    }

    /// Removes archived segments whose every record is at or below `floor`.
    private func pruneArchivedSegments(through floor: LSN) throws -> Int {
        let archived = try storage.list(layout.archive).compactMap { n in SegmentName.parseSegment(n).map { (n, $0) } }
            .sorted { $0.1 < $1.1 }
        let firstLive = journal.catalog.all.first?.firstLSN ?? LSN.max
        var removed = 0
        for (index, (name, _)) in archived.enumerated() {
            let next = index + 1 < archived.count ? archived[index + 1].1 : firstLive
            guard next - 1 <= floor else { break }
            try storage.remove(StoragePath.join(layout.archive, name))
            removed += 1
        }
        return removed
    }
}
