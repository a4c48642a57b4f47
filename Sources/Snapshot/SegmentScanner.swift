/// Reads one journal segment record by record through a bounded window (never the whole file), checking
/// each record's checksum, flags, bounds and LSN. Used by recovery, `JournalReader` and restore.
final class SegmentScanner {
    enum Step {
        case record(RecordHeader, offset: Int64, payload: UnsafeRawBufferPointer)
        /// The written part ends here: an all-zero header with only zeros after it.
        case end(offset: Int64)
        /// Something at `offset` is not a valid next record.
        case bad(offset: Int64, reason: String)
    }

    /// A valid-looking record found after damage, for telling a torn tail from corruption.
    struct Found {
        let offset: Int64
        let lsn: LSN
        let syncedThrough: LSN
    }

    let storage: any Storage
    let file: StorageFile
    let name: String
    let header: SegmentHeader
    let fileSize: Int64
    /// Where records may be: the file size, capped by the segment size the header declares.
    let limit: Int64
    private var window: UnsafeMutableRawPointer
    private var windowCapacity: Int
    private var windowStart: Int64 = 0
    private var windowCount = 0
    private static let chunkBytes = 1 << 20

    /// Opens a segment and checks its header; throws `.corruptSegmentHeader` or `.unsupportedVersion`.
    init(storage: any Storage, path: String) throws {
        self.storage = storage
        name = StoragePath.name(path)
        file = try storage.open(path, create: false)
        do {
            fileSize = try storage.size(file)
            header = try SegmentHeader.decode(try storage.readBytes(file, count: SegmentHeader.bytes, at: 0), file: name)
        } catch {
            storage.close(file)
            throw error
        }
        limit = min(fileSize, header.segmentBytes)
        windowCapacity = Self.chunkBytes
        window = .allocate(byteCount: windowCapacity, alignment: 8)
    }

    deinit {
        window.deallocate()
        storage.close(file)
    }

    /// The bytes `offset..<offset+count`, valid until the next call; nil past the end of the file.
    func bytes(at offset: Int64, count: Int) throws -> UnsafeRawBufferPointer? {
        guard offset >= 0, offset + Int64(count) <= fileSize else { return nil }
        if offset < windowStart || offset + Int64(count) > windowStart + Int64(windowCount) {
            let want = Int(min(Int64(max(count, Self.chunkBytes)), fileSize - offset))
            if want > windowCapacity {
                window.deallocate()
                windowCapacity = want
                window = .allocate(byteCount: want, alignment: 8)
            }
            windowCount = try storage.read(file, into: UnsafeMutableRawBufferPointer(start: window, count: want), at: offset)
            windowStart = offset
            guard windowCount >= count else { return nil }
        }
        return UnsafeRawBufferPointer(start: window + Int(offset - windowStart), count: count)
    }

    /// Reads the record at `offset`, which should carry LSN `expected`.
    func step(at offset: Int64, expected: LSN) throws -> Step {
        let headerBytes = Int64(RecordHeader.bytes)
        if offset + headerBytes > limit {
            return try isZero(from: offset, to: limit) ? .end(offset: offset) : .bad(offset: offset, reason: "stray bytes at the end")
        }
        guard let raw = try bytes(at: offset, count: RecordHeader.bytes) else {
            return .bad(offset: offset, reason: "record header runs past the end of the file")
        }
        if RecordHeader.isEnd(raw.baseAddress!) {
            return try isZero(from: offset, to: limit) ? .end(offset: offset) : .bad(offset: offset, reason: "zeros followed by data")
        }
        let h = RecordHeader.read(raw.baseAddress!)
        guard h.flags == 0 else { return .bad(offset: offset, reason: "unknown flags \(h.flags)") }
        guard offset + Int64(h.paddedBytes) <= header.segmentBytes else {
            return .bad(offset: offset, reason: "length \(h.length) runs past the segment")
        }
        guard let record = try bytes(at: offset, count: RecordHeader.bytes + Int(h.length)) else {
            return .bad(offset: offset, reason: "record runs past the end of the file")
        }
        guard RecordHeader.checksum(record.baseAddress!, payloadBytes: Int(h.length)) == h.crc else {
            return .bad(offset: offset, reason: "checksum mismatch")
        }
        guard h.lsn == expected else { return .bad(offset: offset, reason: "LSN \(h.lsn) where \(expected) was expected") }
        let used = RecordHeader.bytes + Int(h.length)
        if h.paddedBytes > used {
            // Padding is not under the checksum, so it is checked for zeros: no bit on disk goes unchecked.
            guard let padding = try bytes(at: offset + Int64(used), count: h.paddedBytes - used),
                  padding.allSatisfy({ $0 == 0 }) else { return .bad(offset: offset, reason: "non-zero padding") }
            guard let again = try bytes(at: offset, count: used) else { return .bad(offset: offset, reason: "short read") }
            return .record(h, offset: offset, payload: UnsafeRawBufferPointer(rebasing: again[RecordHeader.bytes...]))
        }
        return .record(h, offset: offset, payload: UnsafeRawBufferPointer(rebasing: record[RecordHeader.bytes...]))
    }

    /// Whether `from..<to` holds only zeros (bytes past the end of the file count as zeros).
    func isZero(from: Int64, to: Int64) throws -> Bool {
        var at = from
        let end = min(to, fileSize)
        while at < end {
            let n = Int(min(Int64(Self.chunkBytes), end - at))
            guard let chunk = try bytes(at: at, count: n) else { return false }
            if chunk.contains(where: { $0 != 0 }) { return false }
            at += Int64(n)
        }
        return true
    }

    /// The offset just past the last non-zero byte in `from..<limit`, rounded up to the alignment.
    func dataEnd(from: Int64) throws -> Int64 {
        var end = from
        var at = from
        while at < limit {
            let n = Int(min(Int64(Self.chunkBytes), limit - at))
            guard let chunk = try bytes(at: at, count: n) else { break }
            if let last = chunk.lastIndex(where: { $0 != 0 }) { end = at + Int64(last) + 1 }
            at += Int64(n)
        }
        return min(Int64(SnapshotFormat.aligned(Int(end))), max(limit, from))
    }

    /// Valid records at aligned offsets after `offset` with an LSN of at least `minLSN`: a resynchronising
    /// scan that trusts nothing of the damaged record.
    func validRecords(after offset: Int64, minLSN: LSN) throws -> [Found] {
        var found: [Found] = []
        var at = offset + Int64(SnapshotFormat.alignment)
        while at + Int64(RecordHeader.bytes) <= limit {
            guard let raw = try bytes(at: at, count: RecordHeader.bytes) else { break }
            let h = RecordHeader.read(raw.baseAddress!)
            let plausible = h.flags == 0 && h.lsn >= minLSN && h.lsn - minLSN < (1 << 40)
                && at + Int64(h.paddedBytes) <= limit
            if plausible, let record = try bytes(at: at, count: RecordHeader.bytes + Int(h.length)),
               RecordHeader.checksum(record.baseAddress!, payloadBytes: Int(h.length)) == h.crc {
                found.append(Found(offset: at, lsn: h.lsn, syncedThrough: h.syncedThrough))
                at += Int64(h.paddedBytes)
            } else {
                at += Int64(SnapshotFormat.alignment)
            }
        }
        return found
    }
}
