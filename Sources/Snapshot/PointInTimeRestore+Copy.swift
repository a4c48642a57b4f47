// The copying half of a restore: the snapshot with a new epoch in its header, and the journal records
// re-written into fresh segments.
extension PointInTimeRestore {
    /// Copies the snapshot file, replacing its header with one carrying the new epoch (the body checksum
    /// does not cover the header), and verifies the copy.
    func copySnapshot(_ info: SnapshotFileInfo, into to: DataDirectory, epoch: UInt64) throws {
        let sourcePath = info.fileName
        let name = StoragePath.name(sourcePath)
        let path = to.snapshot(name)
        let input = try storage.open(sourcePath, create: false)
        defer { storage.close(input) }
        let output = try storage.open(path, create: true)
        defer { storage.close(output) }
        var header = try SnapshotHeader.decode(try storage.readBytes(input, count: SnapshotHeader.bytes, at: 0), file: name)
        header.epoch = epoch
        try storage.write(output, header.encoded(), at: 0)
        var at = Int64(SnapshotHeader.bytes)
        while at < header.fileBytes {
            let chunk = try storage.readBytes(input, count: Int(min(1 << 20, header.fileBytes - at)), at: at)
            guard !chunk.isEmpty else { break }
            try storage.write(output, chunk, at: at)
            at += Int64(chunk.count)
        }
        try storage.fsync(output)
        _ = try SnapshotFile.verify(path: path, storage: storage)
    }

    /// Re-encodes the records in `(base, lsn]` into new segments. Each record says every earlier LSN was
    /// synced, which is true once the restore finishes, so later damage is never mistaken for a torn tail.
    func copyRecords(_ scan: JournalScan, after base: LSN, through lsn: LSN, into to: DataDirectory, epoch: UInt64) throws -> UInt64 {
        let preparer = SegmentPreparer(storage: storage, journalDirectory: to.journal, segmentBytes: segmentBytes)
        let writer: SegmentWriter
        do {
            writer = try SegmentWriter.createFirst(storage: storage, directory: to.journal, epoch: epoch, clock: clock,
                                                   preparer: preparer, catalog: SegmentCatalog(), firstLSN: base + 1)
        } catch {
            throw error.error
        }
        defer { writer.close() }
        let batch = BatchBuffer()
        var copied: UInt64 = 0
        func drain() throws {
            var progress = 0
            do { try writer.write(batch, from: 0, progress: &progress) } catch { throw error.error }
            batch.reset()
        }
        _ = try scan.run(expectedEpoch: nil) { h, payload, _ in
            guard h.lsn > base, h.lsn <= lsn else { return }
            let size = RecordHeader.paddedBytes(payload: payload.count)
            _ = RecordHeader.encode(into: batch.reserve(size), lsn: h.lsn, kind: h.kind, timestamp: h.timestamp,
                                    syncedThrough: h.lsn - 1, payload: payload)
            batch.commit(size, lsn: h.lsn, nowNanos: 0)
            copied += 1
            if batch.count >= 1 << 20 { try drain() }
        }
        if batch.count > 0 { try drain() }
        do { try writer.sync() } catch { throw error.error }
        return copied
    }
}
