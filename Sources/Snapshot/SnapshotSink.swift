/// Streams a snapshot file to storage: components' bytes are buffered up to one chunk and written as
/// checksummed frames, so a snapshot never needs a second in-memory copy of the state it serialises.
/// Used by one thread at a time: the snapshot task hands it to the serialising thread and waits.
final class SnapshotSink: @unchecked Sendable {
    let storage: any Storage
    let file: StorageFile
    let chunkBytes: Int
    private(set) var offset = Int64(SnapshotHeader.bytes)
    private var bodyCRC = CRC32C()
    private var buffer: [UInt8] = []
    private var frame: [UInt8] = []
    private var section: (name: String, lsn: LSN, bytes: UInt64)?
    private(set) var sections: [SnapshotFileInfo.Section] = []

    init(storage: any Storage, file: StorageFile, chunkBytes: Int) {
        self.storage = storage
        self.file = file
        self.chunkBytes = chunkBytes
        buffer.reserveCapacity(chunkBytes)
    }

    func beginSection(name: String, lsn: LSN) throws {
        precondition(section == nil, "snapshot section \(name) begun inside another")
        let utf8 = Array(name.utf8)
        precondition(utf8.count <= Int(UInt16.max), "component name too long")
        var data: [UInt8] = []
        data.appendLE(lsn)
        data.appendLE(UInt16(utf8.count))
        data.append(contentsOf: utf8)
        try data.withUnsafeBytes { try writeFrame(.sectionStart, $0) }
        section = (name, lsn, 0)
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(section != nil, "snapshot bytes written outside a section")
        var rest = bytes
        while rest.count > 0 {
            let n = min(rest.count, chunkBytes - buffer.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if buffer.count == chunkBytes { try flushChunk() }
        }
    }

    func endSection() throws {
        precondition(section != nil, "snapshot section ended twice")
        try flushChunk()
        let open = section!
        var data: [UInt8] = []
        data.appendLE(open.bytes)
        try data.withUnsafeBytes { try writeFrame(.sectionEnd, $0) }
        sections.append(.init(name: open.name, lsn: open.lsn, bytes: open.bytes))
        section = nil
    }

    /// Writes the end frame and then the header. The caller fsyncs.
    func finish(epoch: UInt64, createdAt: Int64) throws -> SnapshotHeader {
        precondition(section == nil, "snapshot finished inside a section")
        var data: [UInt8] = []
        data.appendLE(UInt64(offset))
        data.appendLE(UInt32(sections.count))
        data.appendLE(bodyCRC.value)
        try data.withUnsafeBytes { try writeFrame(.fileEnd, $0) }
        let lsns = sections.map(\.lsn)
        let header = SnapshotHeader(epoch: epoch, lsn: lsns.max() ?? 0, baseLSN: lsns.min() ?? 0, createdAt: createdAt,
                                    fileBytes: offset, sectionCount: UInt32(sections.count))
        try storage.write(file, header.encoded(), at: 0)
        return header
    }

    private func flushChunk() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeFrame(.chunk, $0) }
        section!.bytes += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeFrame(_ kind: SnapshotFrame.Kind, _ data: UnsafeRawBufferPointer) throws {
        frame.removeAll(keepingCapacity: true)
        frame.append(contentsOf: SnapshotFrame.header(kind, data: data))
        frame.append(contentsOf: data)
        let padded = SnapshotFrame.paddedBytes(data: data.count)
        frame.append(contentsOf: repeatElement(0, count: padded - frame.count))
        try storage.write(file, frame, at: offset)
        if kind != .fileEnd { frame.withUnsafeBytes { bodyCRC.update($0) } }
        offset += Int64(padded)
    }
}
