import Logging

// Recovery: the newest valid snapshot, then the journal replayed through the components, then the journal's
// problems settled by the rules of item 5 (see JournalScan and the README).
extension DurabilityEngine {
    func recover(components: [SnapshotComponent], options: RecoveryOptions) throws -> (RecoveryReport, SegmentWriter?) {
        var report = RecoveryReport()
        if configuration.policy == .memory {
            report.epoch = makeEpoch()
            return (report, nil)
        }
        try layout.create(storage: storage, archive: configuration.archiveRetentionMillis != nil)
        guard !storage.exists(layout.restoringMarker) else {
            throw DurabilityError.restoreTarget(reason: "\(directory) holds an unfinished restore; delete it and restore again")
        }
        try DataDirectory.removeIfPresent(layout.segment(SegmentName.preparedName), storage: storage)
        try DataDirectory.removeIfPresent(layout.snapshotTemporary, storage: storage)

        let (snapshot, lsns) = try loadSnapshot(components, &report)
        report.snapshot = snapshot
        let base = snapshot == nil ? 0 : (lsns.values.min() ?? snapshot!.baseLSN)
        try checkJournalStart(base: base, snapshot: snapshot, options: options)
        let outcome = try replay(components, lsns: lsns, base: base, epoch: snapshot?.epoch, report: &report)
        var segments = try settle(outcome, options: options, report: &report)
        report.epoch = outcome.epoch ?? makeEpoch()
        report.lastLSN = max(outcome.lastLSN, snapshot?.lsn ?? 0)
        if outcome.lastLSN < report.lastLSN && !segments.isEmpty {
            // Only after an accepted cut below the snapshot: the journal cannot continue where it ends.
            try discard(segments.map(\.name), report: &report)
            segments = []
        }
        let writer = try openWriter(segments, lastLSN: report.lastLSN, epoch: report.epoch)
        return (report, writer)
    }

    /// Verifies snapshots newest first and restores the components from the first valid one; corrupt ones
    /// are renamed `.corrupt` so they never count among the two kept.
    private func loadSnapshot(_ components: [SnapshotComponent], _ report: inout RecoveryReport) throws
        -> (SnapshotFileInfo?, [String: LSN]) {
        for (name, lsn) in try DataDirectory.snapshotNames(in: layout.snapshots, storage: storage) {
            let path = layout.snapshot(name)
            let info: SnapshotFileInfo
            do {
                info = try SnapshotFile.verify(path: path, storage: storage)
                guard info.lsn == lsn else {
                    throw DurabilityError.corruptSnapshot(file: name, offset: 0, reason: "named for LSN \(lsn), holds \(info.lsn)")
                }
            } catch let error as DurabilityError {
                guard case .corruptSnapshot = error else { throw error }
                report.rejectedSnapshots.append(.init(name: name, reason: error.description))
                logger.error("durability: snapshot \(name) is corrupt, falling back to an older one: \(error)")
                try storage.rename(path, to: path + ".corrupt")
                try storage.fsyncDirectory(layout.snapshots)
                continue
            }
            let lsns = try SnapshotFile.restore(path: path, storage: storage, components: components)
            logger.info("durability: restored snapshot \(name)")
            return (info, lsns)
        }
        return (nil, Dictionary(uniqueKeysWithValues: components.map { ($0.name, LSN(0)) }))
    }

    /// The journal must hold every record after `base`.
    private func checkJournalStart(base: LSN, snapshot: SnapshotFileInfo?, options: RecoveryOptions) throws {
        let names = try JournalScan(storage: storage, directory: layout.journal).segmentNames()
        let first = names.first.flatMap(SegmentName.parseSegment) ?? (snapshot.map { $0.lsn + 1 } ?? 1)
        guard first > base + 1 else { return }
        let error = DurabilityError.missingJournal(needed: base + 1, firstAvailable: first)
        guard options.acceptDataLoss else { throw error }
        logger.error("durability: accepting data loss: \(error)")
    }

    private func replay(_ components: [SnapshotComponent], lsns: [String: LSN], base: LSN, epoch: UInt64?,
                        report: inout RecoveryReport) throws -> JournalScan.Outcome {
        let known = Set(components.flatMap(\.knownKinds))
        var replayed: UInt64 = 0
        let outcome = try JournalScan(storage: storage, directory: layout.journal).run(expectedEpoch: epoch) { h, payload, segment in
            guard h.lsn > base else { return }
            guard known.contains(h.kind) else {
                throw DurabilityError.unknownRecordKind(kind: h.kind, lsn: h.lsn, segment: segment)
            }
            let entry = JournalEntry(lsn: h.lsn, kind: h.kind, timestamp: h.timestamp, payload: Array(payload))
            for c in components where h.lsn > lsns[c.name, default: 0] { try c.apply(entry) }
            replayed += 1
        }
        report.replayedRecords = replayed
        return outcome
    }

    /// Cuts a torn tail; refuses on corruption unless data loss is accepted. Returns the segments that stay.
    private func settle(_ outcome: JournalScan.Outcome, options: RecoveryOptions,
                        report: inout RecoveryReport) throws -> [JournalScan.Segment] {
        switch outcome.problem {
        case nil:
            return outcome.segments
        case .tornTail(let index, let offset, let lsn, let dataEnd, let reason):
            let cut = try cutTail(outcome.segments[index], offset: offset, lsn: lsn, dataEnd: dataEnd, reason: reason)
            report.tornTail = cut
            logger.warning("durability: cut a torn tail at LSN \(lsn): \(cut.bytes) bytes of \(cut.segment) from offset \(offset) (\(reason)), kept in \(cut.sideFile ?? "nothing")")
            return outcome.segments
        case .corruption(let index, let offset, let lsn, let dataEnd, let reason):
            let segment = outcome.segments[index]
            guard options.acceptDataLoss else {
                throw DurabilityError.corruptJournal(segment: segment.name, offset: offset, lsn: lsn, reason: reason)
            }
            report.dataLoss = try cutTail(segment, offset: offset, lsn: lsn, dataEnd: dataEnd, reason: reason)
            try discard(outcome.discarded, report: &report)
            logger.error("durability: accepted data loss from LSN \(lsn) in \(segment.name) at offset \(offset): \(reason)")
            return outcome.segments
        case .unusableSegment(let index, let error):
            guard options.acceptDataLoss else { throw error }
            let name = outcome.discarded.first ?? "segment \(index)"
            report.dataLoss = RecoveryReport.Cut(segment: name, offset: 0, lsn: outcome.lastLSN + 1, bytes: 0, sideFile: nil,
                                                 reason: error.description)
            try discard(outcome.discarded, report: &report)
            logger.error("durability: accepted data loss from LSN \(outcome.lastLSN + 1): \(error)")
            return outcome.segments
        }
    }
}
