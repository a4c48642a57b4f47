// The changes recovery makes to the journal: cutting a tail (kept in a side file), setting segments aside,
// and opening the active segment for the writer.
extension DurabilityEngine {
    /// Copies `offset..<dataEnd` of the segment to `<segment>.torn-<offset>`, then zeroes it (and restores
    /// the preallocated size), so appends continue at `offset`.
    func cutTail(_ segment: JournalScan.Segment, offset: Int64, lsn: LSN, dataEnd: Int64,
                 reason: String) throws -> RecoveryReport.Cut {
        let path = layout.segment(segment.name)
        let file = try storage.open(path, create: false)
        defer { storage.close(file) }
        let size = try storage.size(file)
        let end = min(max(dataEnd, offset), size)
        var side: String?
        if end > offset {
            let sidePath = path + ".torn-\(offset)"
            try copy(file, from: offset, to: end, into: sidePath)
            try storage.fsyncDirectory(layout.journal)
            side = StoragePath.name(sidePath)
            try storage.zeroFill(file, offset: offset, length: end - offset)
        }
        if size < segment.header.segmentBytes {
            try storage.zeroFill(file, offset: size, length: segment.header.segmentBytes - size)
        }
        try storage.fsync(file)
        return RecoveryReport.Cut(segment: segment.name, offset: offset, lsn: lsn, bytes: end - offset, sideFile: side,
                                  reason: reason)
    }

    private func copy(_ file: StorageFile, from: Int64, to: Int64, into path: String) throws {
        let out = try storage.open(path, create: true)
        defer { storage.close(out) }
        try storage.truncate(out, to: 0)
        var at = from
        while at < to {
            let chunk = try storage.readBytes(file, count: Int(min(1 << 20, to - at)), at: at)
            guard !chunk.isEmpty else { break }
            try storage.write(out, chunk, at: at - from)
            at += Int64(chunk.count)
        }
        try storage.fsync(out)
    }

    /// Renames segments to `<name>.discarded`, so no later start reads them.
    func discard(_ names: [String], report: inout RecoveryReport) throws {
        guard !names.isEmpty else { return }
        for name in names {
            let path = layout.segment(name)
            try storage.rename(path, to: path + ".discarded")
            report.discardedSegments.append(name)
        }
        try storage.fsyncDirectory(layout.journal)
    }

    /// Opens the last segment for appending (restoring its preallocation), or creates the first one.
    func openWriter(_ segments: [JournalScan.Segment], lastLSN: LSN, epoch: UInt64) throws -> SegmentWriter {
        let preparer = SegmentPreparer(storage: storage, journalDirectory: layout.journal, segmentBytes: configuration.segmentBytes)
        for s in segments { journal.catalog.add(.init(firstLSN: s.firstLSN, name: s.name)) }
        guard let last = segments.last else {
            do {
                return try SegmentWriter.createFirst(storage: storage, directory: layout.journal, epoch: epoch, clock: clock,
                                                     preparer: preparer, catalog: journal.catalog, firstLSN: lastLSN + 1)
            } catch {
                throw error.error
            }
        }
        let file = try storage.open(layout.segment(last.name), create: false)
        do {
            let size = try storage.size(file)
            if size < last.header.segmentBytes {
                try storage.zeroFill(file, offset: size, length: last.header.segmentBytes - size)
                try storage.fsync(file)
            }
            // After a process crash the tail may sit only in the page cache; recovered state is served
            // from now on, so it must be on disk first.
            try storage.fdatasync(file)
        } catch {
            storage.close(file)
            throw error
        }
        return SegmentWriter(storage: storage, directory: layout.journal, epoch: epoch, clock: clock, preparer: preparer,
                             catalog: journal.catalog, active: file, capacity: last.header.segmentBytes, offset: last.end)
    }
}
