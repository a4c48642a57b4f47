import ArgumentParser
import Snapshot

/// `parley journal verify --data-dir D`: every segment header and record checked by recovery's own rules,
/// without changing a byte.
struct JournalVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every segment and record of the journal as recovery would, changing nothing.",
        discussion: """
            Exit status: 0 when the journal is sound (also when it ends in a torn tail, an unsynced write cut \
            short by a crash that the next start cuts: nothing acknowledged is in it); 1 when it is corrupt — \
            the output names the segment file, the offset and the first LSN affected, and the server will refuse \
            to start without --accept-data-loss; 2 when it cannot be read. Progress goes to standard error.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    func run() throws {
        try data.requireDataDirectory()
        let storage = CountingStorage()
        let total = data.bytes(in: "journal", where: DataDirectoryOption.isSegment)
        storage.report(.reads, to: ProgressMeter("journal verify", totalBytes: total))
        let verification: JournalReader.Verification
        do {
            verification = try JournalReader(dataDirectory: data.dataDir, storage: storage).verify()
        } catch {
            throw Console.fail("cannot read the journal of \(data.dataDir): \(error)")
        }
        let range = verification.firstLSN.map { "LSN \($0) to \(verification.lastLSN)" } ?? "no records"
        print("journal \(data.dataDir)/journal: \(verification.segments) segment(s), \(verification.records) record(s), \(range)")
        switch verification.verdict {
        case .clean:
            print("clean")
        case .tornTail(let segment, let offset, let lsn, let reason):
            print("torn tail: segment \(segment) offset \(offset) LSN \(lsn): \(reason)")
            print("  an unsynced write cut short by a crash; nothing acknowledged is in it; the next start cuts it")
            print("sound")
        case .corrupt(let error):
            let place = Self.place(of: error, nextLSN: verification.lastLSN + 1)
            print("CORRUPT: segment \(place.segment) offset \(place.offset) LSN \(place.lsn): \(error)")
            Console.error("journal verify: corruption in segment \(place.segment) at offset \(place.offset), LSN \(place.lsn)")
            throw ExitCode(Console.damageFound)
        }
    }

    /// Where the damage is. Record damage carries its own place; a damaged segment header loses everything
    /// from the records it held on, so the first LSN affected is the one after the last good record.
    static func place(of error: DurabilityError, nextLSN: LSN) -> (segment: String, offset: Int64, lsn: LSN) {
        switch error {
        case .corruptJournal(let segment, let offset, let lsn, _): return (segment, offset, lsn)
        case .corruptSegmentHeader(let segment, _): return (segment, 0, nextLSN)
        case .journalGap(let segment, let expected, _): return (segment, 0, expected)
        case .epochMismatch(let file, _, _), .unsupportedVersion(let file, _, _): return (file, 0, nextLSN)
        case .io(_, let path, _), .diskFull(_, let path): return (path, 0, nextLSN)
        case .readOnly, .overloaded, .tooManyWaiters, .recordTooLarge, .notStarted, .closed, .missingJournal,
             .unknownRecordKind, .corruptSnapshot, .snapshotSection, .snapshotInProgress, .registration,
             .invalidConfiguration, .restoreTarget:
            return ("?", 0, nextLSN)
        }
    }
}
