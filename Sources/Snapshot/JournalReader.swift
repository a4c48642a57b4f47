/// Read-only access to a data directory's journal, for `parley journal verify|inspect` and for tools. It
/// never changes a file; the rules it applies are recovery's own (`JournalScan`).
public struct JournalReader: Sendable {
    public struct Segment: Sendable, Equatable {
        public let name: String
        public let path: String
        public let firstLSN: LSN
        public let epoch: UInt64
        public let segmentBytes: Int64
        public let createdAt: Int64
    }

    /// A record and where it sits.
    public struct Record: Sendable, Equatable {
        public let segment: String
        public let offset: Int64
        /// Bytes on disk, header and padding included.
        public let bytes: Int
        /// Every LSN up to this one was synced when the record was written.
        public let syncedThrough: LSN
        public let entry: JournalEntry
    }

    /// How a walk through one segment ended.
    public enum SegmentEnd: Sendable, Equatable {
        /// The written part ended cleanly at `offset`.
        case end(offset: Int64)
        /// The callback asked to stop.
        case stopped
        /// Something invalid at `offset` where LSN `lsn` was expected.
        case bad(offset: Int64, lsn: LSN, reason: String)
    }

    public struct Verification: Sendable, Equatable {
        public enum Verdict: Sendable, Equatable {
            case clean
            /// An unsynced tail that recovery would cut (nothing acknowledged is in it).
            case tornTail(segment: String, offset: Int64, lsn: LSN, reason: String)
            /// Damage that stops recovery unless data loss is accepted.
            case corrupt(DurabilityError)
        }

        public let segments: Int
        public let records: UInt64
        public let firstLSN: LSN?
        public let lastLSN: LSN
        public let verdict: Verdict
    }

    public let dataDirectory: String
    let storage: any Storage
    let directories: [String]

    /// Reads `<dataDirectory>/journal`, and with `includeArchive` also the archived segments.
    public init(dataDirectory: String, storage: any Storage = FileStorage(), includeArchive: Bool = false) {
        self.dataDirectory = dataDirectory
        self.storage = storage
        let layout = DataDirectory(root: dataDirectory)
        directories = includeArchive ? [layout.archive, layout.journal] : [layout.journal]
    }

    /// The segments in LSN order; throws on the first unreadable header.
    public func segments() throws -> [Segment] {
        var result: [Segment] = []
        for directory in directories where storage.exists(directory) {
            for name in try storage.list(directory) where SegmentName.parseSegment(name) != nil {
                let path = StoragePath.join(directory, name)
                let scanner = try SegmentScanner(storage: storage, path: path)
                let h = scanner.header
                result.append(Segment(name: name, path: path, firstLSN: h.firstLSN, epoch: h.epoch,
                                      segmentBytes: h.segmentBytes, createdAt: h.createdAt))
            }
        }
        return result.sorted { $0.firstLSN < $1.firstLSN }
    }

    /// Calls `body` for each valid record of `segment` in order until it returns false or the records end.
    public func records(in segment: Segment, _ body: (Record) throws -> Bool) throws -> SegmentEnd {
        let scanner = try SegmentScanner(storage: storage, path: segment.path)
        var offset = Int64(SegmentHeader.bytes)
        var expected = scanner.header.firstLSN
        while true {
            switch try scanner.step(at: offset, expected: expected) {
            case .record(let h, let at, let payload):
                let entry = JournalEntry(lsn: h.lsn, kind: h.kind, timestamp: h.timestamp, payload: Array(payload))
                let record = Record(segment: segment.name, offset: at, bytes: h.paddedBytes, syncedThrough: h.syncedThrough,
                                    entry: entry)
                if try !body(record) { return .stopped }
                offset = at + Int64(h.paddedBytes)
                expected = h.lsn + 1
            case .end(let at):
                return .end(offset: at)
            case .bad(let at, let reason):
                return .bad(offset: at, lsn: expected, reason: reason)
            }
        }
    }

    /// Checks every segment and record as recovery would, without changing anything.
    public func verify() throws -> Verification {
        var records: UInt64 = 0
        var first: LSN?
        let outcome = try JournalScan(storage: storage, directories: directories).run(expectedEpoch: nil) { h, _, _ in
            records += 1
            if first == nil { first = h.lsn }
        }
        let verdict: Verification.Verdict
        switch outcome.problem {
        case nil:
            verdict = .clean
        case .tornTail(let index, let offset, let lsn, _, let reason):
            verdict = .tornTail(segment: outcome.segments[index].name, offset: offset, lsn: lsn, reason: reason)
        case .corruption(let index, let offset, let lsn, _, let reason):
            verdict = .corrupt(.corruptJournal(segment: outcome.segments[index].name, offset: offset, lsn: lsn, reason: reason))
        case .unusableSegment(_, let error):
            verdict = .corrupt(error)
        }
        return Verification(segments: outcome.segments.count + outcome.discarded.count, records: records,
                            firstLSN: first ?? outcome.segments.first?.firstLSN, lastLSN: outcome.lastLSN, verdict: verdict)
    }
}
