/// What a snapshot file holds, as `SnapshotFile.verify` or `inspect` report it.
public struct SnapshotFileInfo: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        /// The component's registered name.
        public let name: String
        /// The LSN the component's state includes.
        public let lsn: LSN
        /// Bytes of the component's state.
        public let bytes: UInt64
    }

    public let fileName: String
    public let epoch: UInt64
    /// The highest component LSN.
    public let lsn: LSN
    /// The lowest component LSN: recovery from this snapshot replays the journal from `baseLSN + 1`.
    public let baseLSN: LSN
    public let createdAt: Int64
    public let fileBytes: Int64
    public let sectionCount: Int
    /// Filled by `verify`; empty from `inspect`, which reads only the header.
    public let sections: [Section]

    init(fileName: String, header: SnapshotHeader, sections: [Section]) {
        self.fileName = fileName
        epoch = header.epoch
        lsn = header.lsn
        baseLSN = header.baseLSN
        createdAt = header.createdAt
        fileBytes = header.fileBytes
        sectionCount = Int(header.sectionCount)
        self.sections = sections
    }

    init(fileName: String, copying other: SnapshotFileInfo) {
        self.fileName = fileName
        epoch = other.epoch
        lsn = other.lsn
        baseLSN = other.baseLSN
        createdAt = other.createdAt
        fileBytes = other.fileBytes
        sectionCount = other.sectionCount
        sections = other.sections
    }
}
