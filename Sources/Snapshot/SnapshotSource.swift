/// Reads a snapshot file's frames in order, checking each frame's checksum as it is read (the pair of the
/// check made when it was written) and the running body checksum, through a bounded buffer.
final class SnapshotSource {
    let storage: any Storage
    let file: StorageFile
    let fileName: String
    let header: SnapshotHeader
    private(set) var offset = Int64(SnapshotHeader.bytes)
    private var bodyCRC = CRC32C()
    private var chunk: [UInt8] = []
    private var chunkPosition = 0
    private var peeked: SnapshotFrame?
    private var sectionBytes: UInt64 = 0
    private(set) var sectionsSeen = 0

    /// Opens a snapshot and checks its header and size.
    init(storage: any Storage, path: String) throws {
        self.storage = storage
        fileName = StoragePath.name(path)
        file = try storage.open(path, create: false)
        do {
            header = try SnapshotHeader.decode(try storage.readBytes(file, count: SnapshotHeader.bytes, at: 0), file: fileName)
            let size = try storage.size(file)
            guard size == header.fileBytes else {
                throw DurabilityError.corruptSnapshot(file: fileName, offset: size, reason: "file is \(size) bytes, header disagrees")
            }
        } catch {
            storage.close(file)
            throw error
        }
    }

    deinit {
        storage.close(file)
    }

    private func corrupt(_ why: String) -> DurabilityError {
        .corruptSnapshot(file: fileName, offset: offset, reason: why)
    }

    /// Reads and checks the next frame.
    func readFrame() throws -> SnapshotFrame {
        if let frame = peeked {
            peeked = nil
            return frame
        }
        let head = try storage.readBytes(file, count: SnapshotFrame.headerBytes, at: offset)
        guard head.count == SnapshotFrame.headerBytes else { throw corrupt("frame header past the end of the file") }
        let length = head.withUnsafeBytes { $0.baseAddress!.loadLE(UInt32.self, at: 4) }
        let padded = SnapshotFrame.paddedBytes(data: Int(length))
        guard offset + Int64(padded) <= header.fileBytes else {
            throw corrupt("frame length \(length) runs past the end of the file")
        }
        let rest = try storage.readBytes(file, count: padded - SnapshotFrame.headerBytes, at: offset + Int64(SnapshotFrame.headerBytes))
        guard rest.count == padded - SnapshotFrame.headerBytes else { throw corrupt("frame past the end of the file") }
        let data = Array(rest[0..<Int(length)])
        let kind = try SnapshotFrame.check(header: head, data: data, file: fileName, offset: offset)
        guard rest[Int(length)...].allSatisfy({ $0 == 0 }) else { throw corrupt("non-zero frame padding") }
        if kind != .fileEnd {
            bodyCRC.update(head)
            bodyCRC.update(rest)
        }
        offset += Int64(padded)
        return SnapshotFrame(kind: kind, data: data)
    }

    /// Moves to the next section and returns its name and LSN, or nil after checking the end frame.
    func nextSection() throws -> (name: String, lsn: LSN)? {
        let frameOffset = offset
        let frame = try readFrame()
        switch frame.kind {
        case .sectionStart:
            guard frame.data.count >= 10 else { throw corrupt("short section start") }
            let (lsn, nameLength) = frame.data.withUnsafeBytes {
                ($0.baseAddress!.loadLE(UInt64.self, at: 0), Int($0.baseAddress!.loadLE(UInt16.self, at: 8)))
            }
            guard frame.data.count == 10 + nameLength,
                  let name = String(validating: frame.data[10...], as: UTF8.self) else { throw corrupt("bad section name") }
            chunk = []
            chunkPosition = 0
            sectionBytes = 0
            sectionsSeen += 1
            return (name, lsn)
        case .fileEnd:
            try checkEnd(frame, at: frameOffset)
            return nil
        case .chunk, .sectionEnd:
            throw corrupt("\(frame.kind) frame where a section start was expected")
        }
    }

    private func checkEnd(_ frame: SnapshotFrame, at frameOffset: Int64) throws {
        guard frame.data.count == 16 else { throw corrupt("short end frame") }
        let (bodyEnd, count, crc) = frame.data.withUnsafeBytes {
            ($0.baseAddress!.loadLE(UInt64.self, at: 0), $0.baseAddress!.loadLE(UInt32.self, at: 8),
             $0.baseAddress!.loadLE(UInt32.self, at: 12))
        }
        guard bodyEnd == UInt64(frameOffset), offset == header.fileBytes else { throw corrupt("end frame misplaced") }
        guard Int(count) == sectionsSeen, count == header.sectionCount else { throw corrupt("section count mismatch") }
        guard crc == bodyCRC.value else { throw corrupt("body checksum mismatch") }
    }

    /// Fills `buffer` from the current section's chunks; throws when the section ends first.
    func read(into buffer: UnsafeMutableRawBufferPointer, section: String) throws {
        var filled = 0
        while filled < buffer.count {
            if chunkPosition == chunk.count {
                let frame = try readFrame()
                guard frame.kind == .chunk else {
                    peeked = frame
                    throw DurabilityError.snapshotSection(component: section, reason: "read past the end of its section")
                }
                chunk = frame.data
                chunkPosition = 0
                sectionBytes += UInt64(chunk.count)
            }
            let n = min(buffer.count - filled, chunk.count - chunkPosition)
            chunk.withUnsafeBytes { (buffer.baseAddress! + filled).copyMemory(from: $0.baseAddress! + chunkPosition, byteCount: n) }
            chunkPosition += n
            filled += n
        }
    }

    /// Skips what the component left unread (`restore` passes `strict`, so leftovers are an error) and checks
    /// the section end frame; returns the section's byte count.
    func finishSection(_ section: String, strict: Bool) throws -> UInt64 {
        while true {
            if chunkPosition < chunk.count && strict {
                throw DurabilityError.snapshotSection(component: section, reason: "restore left \(chunk.count - chunkPosition) bytes unread")
            }
            chunkPosition = chunk.count
            let frame = try readFrame()
            switch frame.kind {
            case .chunk:
                chunk = frame.data
                chunkPosition = 0
                sectionBytes += UInt64(chunk.count)
            case .sectionEnd:
                let declared = frame.data.count == 8 ? frame.data.withUnsafeBytes { $0.baseAddress!.loadLE(UInt64.self, at: 0) } : nil
                guard declared == sectionBytes else { throw corrupt("section \(section) length mismatch") }
                return sectionBytes
            case .sectionStart, .fileEnd:
                throw corrupt("section \(section) has no end frame")
            }
        }
    }
}
