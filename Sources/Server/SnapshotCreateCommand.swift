import ArgumentParser
import Snapshot

/// `parley snapshot create --data-dir D`: recovers a stopped server's data directory with the server's own
/// components and writes a snapshot of them, as the running server would.
struct SnapshotCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Take a snapshot of a data directory while its server is stopped.",
        discussion: """
            Recovers the directory (newest valid snapshot plus journal replay, cutting a torn tail as a server \
            start would) with the same components the server registers, writes a snapshot, and removes the \
            snapshots and segments it makes unnecessary (keeping the last two snapshots). \
            \(DurabilityComponents.helpNote) It refuses while a server holds the directory, and refuses a \
            corrupt journal as the server does (naming the segment and LSN). Progress goes to standard error.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    func run() throws {
        try data.requireDataDirectory()
        let logger = OperatorTool.logger()
        let storage = CountingStorage()
        let toRead = data.bytes(in: "journal", where: DataDirectoryOption.isSegment)
            + data.bytes(in: "snapshots", where: DataDirectoryOption.isSnapshot)
        storage.report(.reads, to: ProgressMeter("snapshot create: recovering", totalBytes: toRead))
        let session: DurabilitySession
        do {
            session = try DurabilitySession.open(dataDirectory: data.dataDir, configuration: Self.engineConfiguration(),
                                                 options: RecoveryOptions(), storage: storage, logger: logger)
        } catch {
            throw Console.fail("cannot recover \(data.dataDir): \(error)")
        }
        defer { session.close() }
        for line in session.reportLines { Console.error(line) }
        storage.report(.writes, to: ProgressMeter("snapshot create: writing", totalBytes: nil))
        let engine = session.engine
        let info: SnapshotFileInfo
        do {
            info = try BlockingBridge.run { try await engine.takeSnapshot() }
        } catch {
            throw Console.fail("cannot write the snapshot: \(error)")
        }
        storage.report(.reads, to: nil)
        print("snapshots/\(info.fileName): LSN \(info.lsn) (base \(info.baseLSN)), \(info.fileBytes) bytes")
        for section in info.sections {
            print("  section \(section.name)  LSN \(section.lsn)  \(section.bytes) bytes")
        }
    }

    /// The tool appends nothing, so the next segment the engine prepares in the background is never used:
    /// the smallest segment keeps it from writing 64 MiB of zeros for nothing. (Only a journal without any
    /// segment gets a first segment of this size; the server rotates out of it at its first large record.)
    static func engineConfiguration() -> DurabilityConfiguration {
        var c = DurabilityConfiguration()
        c.segmentBytes = 4096
        c.recordBytesMax = 1024
        c.pendingBytesMax = 4096
        return c
    }
}
