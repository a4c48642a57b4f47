import Logging
import Snapshot

/// A data directory opened the way the server opens it: locked against other writers, the server's components
/// registered, recovered. `serve`, `snapshot create` and `journal torture` all go through here, so they
/// recover with the same components and the same rules.
final class DurabilitySession: Sendable {
    let engine: DurabilityEngine
    let components: DurabilityComponents
    let report: RecoveryReport
    private let lock: DataDirectoryLock

    private init(engine: DurabilityEngine, components: DurabilityComponents, report: RecoveryReport,
                 lock: DataDirectoryLock) {
        self.engine = engine
        self.components = components
        self.report = report
        self.lock = lock
    }

    /// Locks `dataDirectory`, registers the components and recovers. Throws the lock failure or the
    /// engine's `DurabilityError` (recovery refused), releasing the lock first.
    static func open(dataDirectory: String, configuration: DurabilityConfiguration, options: RecoveryOptions,
                     storage: any Storage = FileStorage(), logger: Logger) throws -> DurabilitySession {
        let lock = try DataDirectoryLock(dataDirectory: dataDirectory)
        do {
            let engine = try DurabilityEngine(directory: dataDirectory, configuration: configuration, storage: storage,
                                              logger: logger)
            let components = DurabilityComponents.make(journal: engine.journal)
            for component in components.all { try engine.register(component) }
            let report = try engine.start(options)
            components.started()
            return DurabilitySession(engine: engine, components: components, report: report, lock: lock)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Syncs and closes the journal, then lets another process open the directory.
    func close() {
        engine.close()
        lock.release()
    }

    /// One line per fact of the recovery report, for the log after start-up.
    var reportLines: [String] {
        var lines = ["durability: recovered to LSN \(report.lastLSN): snapshot \(report.snapshot?.fileName ?? "none"),"
            + " \(report.replayedRecords) records replayed"]
        for rejected in report.rejectedSnapshots {
            lines.append("durability: set aside corrupt snapshot \(rejected.name): \(rejected.reason)")
        }
        if let cut = report.tornTail {
            lines.append("durability: cut a torn tail of \(cut.segment) at offset \(cut.offset) (LSN \(cut.lsn) on; nothing"
                + " acknowledged), kept in \(cut.sideFile ?? "nothing")")
        }
        if let loss = report.dataLoss {
            lines.append("durability: ACCEPTED DATA LOSS from LSN \(loss.lsn) in \(loss.segment) at offset \(loss.offset):"
                + " \(loss.reason); discarded \(report.discardedSegments.joined(separator: ", "))")
        }
        return lines
    }
}
