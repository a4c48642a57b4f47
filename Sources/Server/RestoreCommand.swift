import ArgumentParser
import Foundation
import Snapshot

/// `parley restore --data-dir D --to <timestamp|lsn> --into D2`: point-in-time restore into a new directory.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a new data directory holding the state at an earlier LSN or instant.",
        discussion: """
            Reads D only (safe while its server runs) and writes D2, which must be missing or empty: the newest \
            snapshot at or before the target, then the journal records after it up to the target, under a new \
            epoch. `parley serve --data-dir D2` then starts with exactly the state of the records up to that \
            point. An instant means every record before the first one stamped later. Points older than the \
            oldest kept snapshot need the archive (archiveRetentionMinutes in the config). Progress goes to \
            standard error.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @Option(help: RestoreTargetArgument.help) var to: RestoreTargetArgument
    @Option(help: "The new data directory (missing or empty).") var into: String

    func run() throws {
        try data.requireDataDirectory()
        let fm = FileManager.default
        if let entries = try? fm.contentsOfDirectory(atPath: into), !entries.isEmpty {
            throw Console.fail("\(into) is not empty; restore writes only into a missing or empty directory")
        }
        if URL(fileURLWithPath: into).standardized.path == URL(fileURLWithPath: data.dataDir).standardized.path {
            throw Console.fail("--into must be another directory than --data-dir")
        }
        let logger = OperatorTool.logger()
        let storage = CountingStorage()
        let toRead = data.bytes(in: "journal", where: DataDirectoryOption.isSegment)
            + data.bytes(in: "archive", where: DataDirectoryOption.isSegment)
        storage.report(.reads, to: ProgressMeter("restore", totalBytes: toRead))
        let report: RestoreReport
        do {
            report = try PointInTimeRestore(storage: storage, logger: logger).restore(from: data.dataDir, to: to.target,
                                                                                      into: into)
        } catch {
            throw Console.fail("restore failed: \(error)")
        }
        print("restored \(into): LSN \(report.lsn), from snapshot \(report.snapshot.map { ($0 as NSString).lastPathComponent } ?? "none")"
            + " plus \(report.records) journal record(s), epoch \(String(report.epoch, radix: 16))")
    }
}
