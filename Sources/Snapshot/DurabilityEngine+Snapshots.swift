import Logging

// Taking snapshots while serving: capture each component (a hop to its actor), serialise the copy on a
// dedicated thread straight into the file, then temp → fsync → verify → journal flushed → rename →
// directory fsync, and finally the clean-up of older snapshots and segments.
extension DurabilityEngine {
    /// Writes a snapshot of every registered component now. Appends continue meanwhile (capture across
    /// components is not atomic; each section records its own LSN). Throws `.snapshotInProgress` when
    /// another is being written; any failure leaves the previous snapshots untouched. Once the snapshot is
    /// durable, failing to remove older files is logged, not thrown.
    public func takeSnapshot() async throws -> SnapshotFileInfo {
        guard configuration.policy != .memory else {
            throw DurabilityError.invalidConfiguration(reason: "the memory policy keeps no snapshots")
        }
        let (components, epoch, floor) = try state.withLock { s -> ([SnapshotComponent], UInt64, LSN) in
            guard case .started = s.phase else { throw DurabilityError.notStarted }
            guard !s.snapshotRunning else { throw DurabilityError.snapshotInProgress }
            s.snapshotRunning = true
            return (s.components, s.epoch, s.floorLSN)
        }
        defer { state.withLock { $0.snapshotRunning = false } }
        let journalLSN = journal.lastLSN
        let startedNanos = clock.monotonicNanos()
        let info = try await writeSnapshot(components, epoch: epoch, floor: floor)
        state.withLock { $0.scheduler.taken(journalLSN: journalLSN, nowNanos: startedNanos) }
        logger.info("durability: wrote snapshot \(info.fileName) (\(info.fileBytes) bytes)")
        do {
            try cleanUp()
        } catch {
            // The snapshot is durable; what could not be removed now is removed after the next one.
            logger.warning("durability: clean-up after snapshot \(info.fileName) failed: \(error)")
        }
        return info
    }

    /// Takes a snapshot when `snapshotEveryRecords` or `snapshotEveryMillis` says one is due.
    public func snapshotIfDue() async throws -> SnapshotFileInfo? {
        guard configuration.policy != .memory else { return nil }
        let journalLSN = journal.lastLSN
        let now = clock.monotonicNanos()
        let due = state.withLock { s -> Bool in
            guard case .started = s.phase, !s.snapshotRunning else { return false }
            return s.scheduler.isDue(journalLSN: journalLSN, nowNanos: now, configuration: configuration)
        }
        return due ? try await takeSnapshot() : nil
    }

    /// Checks every `checkEveryMillis` (real time) whether a snapshot is due, until the task is cancelled
    /// or the engine closes. Failures are logged; the journal goes on.
    public func runScheduledSnapshots(checkEveryMillis: Int64 = 1000) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(checkEveryMillis))
            let open = state.withLock { s -> Bool in
                if case .closed = s.phase { return false }
                return true
            }
            guard open else { return }
            do {
                _ = try await snapshotIfDue()
            } catch {
                logger.error("durability: scheduled snapshot failed: \(error)")
            }
        }
    }

    private func writeSnapshot(_ components: [SnapshotComponent], epoch: UInt64, floor: LSN) async throws -> SnapshotFileInfo {
        let temporary = layout.snapshotTemporary
        try DataDirectory.removeIfPresent(temporary, storage: storage)
        let file = try storage.open(temporary, create: true)
        var open = true
        do {
            let sink = SnapshotSink(storage: storage, file: file, chunkBytes: configuration.snapshotChunkBytes)
            for component in components {
                let capture = try await component.capture()
                // Recovery applied every record up to `floor` to every component, so the section may claim it.
                let lsn = max(capture.lsn, floor)
                try await DurabilityThread.run(name: "parley-snapshot") {
                    try sink.beginSection(name: component.name, lsn: lsn)
                    var writer = SnapshotWriter(sink: sink)
                    try capture.write(&writer)
                    try sink.endSection()
                }
            }
            let (storage, clock) = (self.storage, self.clock)
            let info = try await DurabilityThread.run(name: "parley-snapshot") { () throws -> SnapshotFileInfo in
                _ = try sink.finish(epoch: epoch, createdAt: clock.wallClockMillis())
                try storage.fsync(file)
                // The paired check: the file must read back whole before it replaces anything.
                return try SnapshotFile.verify(path: temporary, storage: storage)
            }
            storage.close(file)
            open = false
            // Every record the snapshot includes must be durable before the snapshot is.
            try await journal.flush()
            let name = SegmentName.snapshot(lsn: info.lsn)
            try storage.rename(temporary, to: layout.snapshot(name))
            try storage.fsyncDirectory(layout.snapshots)
            return SnapshotFileInfo(fileName: name, copying: info)
        } catch {
            if open { storage.close(file) }
            try? storage.remove(temporary)
            throw error
        }
    }
}
