import ArgumentParser
import Snapshot

/// `parley journal inspect --data-dir D [--from LSN] [--limit N] [--json]`: the segments and the records in
/// them — LSN, kind, timestamp, length, place, checksum — and never more of a payload than a short hex
/// preview (payloads hold message bodies, which Parley never prints).
struct JournalInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the journal's segments and records (no payload beyond an 8-byte hex preview).",
        discussion: """
            Each record line gives its LSN, kind, timestamp (UTC and epoch milliseconds), payload length, the \
            segment offset, its bytes on disk, the CRC-32C of the payload and an 8-byte hex preview. Each \
            segment ends with where its records end, or with the damage that stops them. With --json every \
            line is a JSON object (type segment, record, end or bad) for scripts.
            """
    )

    static let previewBytes = 8

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "The first LSN to list.") var from: UInt64 = 1
    @Option(help: "At most this many records (0: all).") var limit = 1000
    @Flag(help: "One JSON object per line.") var json = false
    @Flag(help: "Also list the archived segments kept for point-in-time restore.") var archive = false

    func run() throws {
        try data.requireDataDirectory()
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        let reader = JournalReader(dataDirectory: data.dataDir, includeArchive: archive)
        let segments: [JournalReader.Segment]
        do {
            segments = try reader.segments()
        } catch {
            throw Console.fail("cannot list the segments of \(data.dataDir): \(error)", status: Console.damageFound)
        }
        let printer = JournalLinePrinter(json: json, previewBytes: Self.previewBytes)
        var listed = 0
        for (index, segment) in segments.enumerated() {
            printer.segment(segment)
            if index + 1 < segments.count, segments[index + 1].firstLSN <= from { continue }
            if limit > 0, listed >= limit { continue }
            let end: JournalReader.SegmentEnd
            do {
                end = try reader.records(in: segment) { record in
                    guard record.entry.lsn >= from else { return true }
                    printer.record(record)
                    listed += 1
                    return limit == 0 || listed < limit
                }
            } catch {
                throw Console.fail("cannot read \(segment.path): \(error)")
            }
            printer.end(end, segment: segment)
        }
        if limit > 0, listed >= limit { printer.note("stopped after \(limit) records; use --from and --limit for more") }
    }
}
