/// Writes batches of encoded records into the active segment and rotates to a prepared one when the next
/// record does not fit. Owned by the journal writer thread (or by recovery and restore before it exists).
///
/// Rotation order, so that only the last segment can ever hold an unsynced tail: fdatasync the old
/// segment; take the prepared file; write and fdatasync its header; rename it to its final name; fsync the
/// journal directory; only then write records into it.
final class SegmentWriter {
    let storage: any Storage
    let directory: String
    let epoch: UInt64
    let clock: any DurabilityClock
    let preparer: SegmentPreparer
    let catalog: SegmentCatalog
    private(set) var active: StorageFile
    private(set) var capacity: Int64
    private(set) var offset: Int64

    init(storage: any Storage, directory: String, epoch: UInt64, clock: any DurabilityClock, preparer: SegmentPreparer,
         catalog: SegmentCatalog, active: StorageFile, capacity: Int64, offset: Int64) {
        self.storage = storage
        self.directory = directory
        self.epoch = epoch
        self.clock = clock
        self.preparer = preparer
        self.catalog = catalog
        self.active = active
        self.capacity = capacity
        self.offset = offset
    }

    /// Creates the first segment of an empty journal, starting at `firstLSN`.
    static func createFirst(storage: any Storage, directory: String, epoch: UInt64, clock: any DurabilityClock,
                            preparer: SegmentPreparer, catalog: SegmentCatalog, firstLSN: LSN) throws(WriteFailure) -> SegmentWriter {
        let file = try preparer.take()
        let writer = SegmentWriter(storage: storage, directory: directory, epoch: epoch, clock: clock, preparer: preparer,
                                   catalog: catalog, active: file, capacity: preparer.segmentBytes, offset: 0)
        try writer.activate(file, firstLSN: firstLSN)
        return writer
    }

    func close() {
        storage.close(active)
    }

    /// Writes the records of `batch` from byte `start` on, rotating as needed; `progress` tells how far it
    /// got when it throws, so a retry continues from a record boundary.
    func write(_ batch: BatchBuffer, from start: Int, progress: inout Int) throws(WriteFailure) {
        progress = start
        let bytes = batch.bytes
        while progress < bytes.count {
            var end = progress
            while end < bytes.count {
                let size = RecordHeader.read(bytes.baseAddress! + end).paddedBytes
                if offset + Int64(end - progress + size) > capacity { break }
                end += size
            }
            if end == progress {
                let next = RecordHeader.read(bytes.baseAddress! + progress)
                // A record that does not fit an empty segment would rotate forever; validate() prevents it.
                precondition(offset > Int64(SegmentHeader.bytes) || capacity < preparer.segmentBytes,
                             "record of \(next.paddedBytes) bytes does not fit a \(capacity)-byte segment")
                try rotate(firstLSN: next.lsn)
                continue
            }
            do {
                try storage.write(active, UnsafeRawBufferPointer(rebasing: bytes[progress..<end]), at: offset)
            } catch {
                throw WriteFailure.fromWrite(error)
            }
            offset += Int64(end - progress)
            progress = end
        }
    }

    func sync() throws(WriteFailure) {
        do {
            try storage.fdatasync(active)
        } catch {
            throw WriteFailure.fromSync(error)
        }
    }

    private func rotate(firstLSN: LSN) throws(WriteFailure) {
        try sync()
        let file = try preparer.take()
        let old = active
        try activate(file, firstLSN: firstLSN)
        storage.close(old)
    }

    /// Gives the prepared `file` its header and final name and makes it the active segment.
    private func activate(_ file: StorageFile, firstLSN: LSN) throws(WriteFailure) {
        let name = SegmentName.segment(firstLSN: firstLSN)
        let path = StoragePath.join(directory, name)
        let header = SegmentHeader(epoch: epoch, firstLSN: firstLSN, segmentBytes: preparer.segmentBytes,
                                   createdAt: clock.wallClockMillis())
        do {
            try storage.write(file, header.encoded(), at: 0)
        } catch {
            discard(file)
            throw WriteFailure.fromWrite(error)
        }
        do {
            try storage.fdatasync(file)
            try storage.rename(preparer.path, to: path)
            try storage.fsyncDirectory(directory)
        } catch {
            discard(file)
            throw WriteFailure.fromSync(error)
        }
        active = StorageFile(id: file.id, path: path)
        capacity = preparer.segmentBytes
        offset = Int64(SegmentHeader.bytes)
        catalog.add(.init(firstLSN: firstLSN, name: name))
        preparer.request()
    }

    private func discard(_ file: StorageFile) {
        storage.close(file)
        try? storage.remove(preparer.path)
    }
}
