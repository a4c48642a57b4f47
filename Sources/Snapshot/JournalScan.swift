/// Walks every segment of a journal directory in LSN order, checks each header and record, hands each valid
/// record to `deliver`, and classifies the first problem it meets (the rules of recovery, in one place):
///
/// - A bad record in the LAST segment is a torn tail unless a valid record after it proves the bad one
///   was already synced when that record was written (its `syncedThrough` reaches the bad LSN): only
///   unsynced, hence unacknowledged, data can be torn by a crash.
/// - A bad record in any other segment is corruption: a segment is fdatasynced before the next one exists.
/// - A bad segment header, a gap between segments, or a segment of another epoch is corruption.
struct JournalScan {
    struct Segment: Equatable {
        let name: String
        let firstLSN: LSN
        let header: SegmentHeader
        /// Where the valid records of this segment end.
        var end: Int64
        var lastLSN: LSN
    }

    enum Problem: Equatable {
        /// Bytes from `offset` (up to `dataEnd`) in the last segment are an unsynced tail to cut.
        case tornTail(segment: Int, offset: Int64, lsn: LSN, dataEnd: Int64, reason: String)
        /// Damage at `offset` in `segment` with later data proving it was synced.
        case corruption(segment: Int, offset: Int64, lsn: LSN, dataEnd: Int64, reason: String)
        /// Segment `segment` (a name in `names`) and everything after cannot be used.
        case unusableSegment(segment: Int, error: DurabilityError)
    }

    struct Outcome {
        /// Segments that were read, up to and including the one with the problem.
        var segments: [Segment] = []
        /// Names of segment files after the problem (or the unusable one and after), which recovery discards.
        var discarded: [String] = []
        var lastLSN: LSN = 0
        var problem: Problem?
        var epoch: UInt64?
    }

    typealias Deliver = (RecordHeader, UnsafeRawBufferPointer, String) throws -> Void

    let storage: any Storage
    /// Where segments are looked for: the journal directory, and for a restore also the archive.
    let directories: [String]

    init(storage: any Storage, directory: String) {
        self.storage = storage
        directories = [directory]
    }

    init(storage: any Storage, directories: [String]) {
        self.storage = storage
        self.directories = directories
    }

    /// Segment file names in LSN order (a name found in two directories counts once, the later one).
    func segmentNames() throws -> [String] {
        try segmentPaths().keys.sorted()
    }

    private func segmentPaths() throws -> [String: String] {
        var paths: [String: String] = [:]
        for directory in directories where storage.exists(directory) {
            for name in try storage.list(directory) where SegmentName.parseSegment(name) != nil {
                paths[name] = StoragePath.join(directory, name)
            }
        }
        return paths
    }

    func run(expectedEpoch: UInt64?, deliver: Deliver) throws -> Outcome {
        let paths = try segmentPaths()
        let names = paths.keys.sorted()
        var outcome = Outcome()
        outcome.epoch = expectedEpoch
        for (index, name) in names.enumerated() {
            let isLast = index == names.count - 1
            let scanner: SegmentScanner
            do {
                scanner = try open(paths[name]!, index: index, outcome: &outcome)
            } catch let error as DurabilityError {
                outcome.problem = .unusableSegment(segment: index, error: error)
                outcome.discarded = Array(names[index...])
                return outcome
            }
            let problem = try scan(scanner, index: index, isLast: isLast, outcome: &outcome, deliver: deliver)
            if let problem {
                outcome.problem = problem
                outcome.discarded = Array(names[(index + 1)...])
                return outcome
            }
        }
        return outcome
    }

    /// Opens a segment and checks that it continues the journal.
    private func open(_ path: String, index: Int, outcome: inout Outcome) throws -> SegmentScanner {
        let scanner = try SegmentScanner(storage: storage, path: path)
        let name = scanner.name
        let h = scanner.header
        guard SegmentName.parseSegment(name) == h.firstLSN else {
            throw DurabilityError.corruptSegmentHeader(segment: name, reason: "header says first LSN \(h.firstLSN)")
        }
        if let epoch = outcome.epoch, epoch != h.epoch {
            throw DurabilityError.epochMismatch(file: name, expected: epoch, found: h.epoch)
        }
        outcome.epoch = h.epoch
        if index > 0, h.firstLSN != outcome.lastLSN + 1 {
            throw DurabilityError.journalGap(segment: name, expected: outcome.lastLSN + 1, found: h.firstLSN)
        }
        return scanner
    }

    private func scan(_ scanner: SegmentScanner, index: Int, isLast: Bool, outcome: inout Outcome,
                      deliver: Deliver) throws -> Problem? {
        var offset = Int64(SegmentHeader.bytes)
        var expected = scanner.header.firstLSN
        outcome.segments.append(Segment(name: scanner.name, firstLSN: expected, header: scanner.header, end: offset,
                                        lastLSN: expected - 1))
        outcome.lastLSN = expected - 1
        while true {
            switch try scanner.step(at: offset, expected: expected) {
            case .record(let h, let at, let payload):
                try deliver(h, payload, scanner.name)
                offset = at + Int64(h.paddedBytes)
                outcome.lastLSN = h.lsn
                outcome.segments[index].end = offset
                outcome.segments[index].lastLSN = h.lsn
                expected = h.lsn + 1
            case .end:
                return nil
            case .bad(let at, let reason):
                return try classify(scanner, index: index, isLast: isLast, offset: at, lsn: expected, reason: reason)
            }
        }
    }

    private func classify(_ scanner: SegmentScanner, index: Int, isLast: Bool, offset: Int64, lsn: LSN,
                          reason: String) throws -> Problem {
        let later = try scanner.validRecords(after: offset, minLSN: lsn)
        let dataEnd = try scanner.dataEnd(from: offset)
        if isLast && !later.contains(where: { $0.syncedThrough >= lsn }) {
            return .tornTail(segment: index, offset: offset, lsn: lsn, dataEnd: dataEnd, reason: reason)
        }
        let why = isLast ? "\(reason); a later record (LSN \(later.first { $0.syncedThrough >= lsn }!.lsn)) was written after it was synced"
            : "\(reason); later segments exist"
        return .corruption(segment: index, offset: offset, lsn: lsn, dataEnd: dataEnd, reason: why)
    }
}
