import ArgumentParser
import Logging
import Snapshot

// The durability side of `serve`: recover the data directory before listening, log what recovery did after
// the `listening` line, take scheduled snapshots while serving, and close the journal at shutdown.
extension ServeCommand {
    /// Opens and recovers the data directory. The engine's log lines wait behind `gate` (the first line
    /// printed must stay `listening <host>:<port>`). On a refusal the gate opens, the reason is logged with
    /// what to do, and the command fails.
    func openDurability(settings: ServerSettings, gate: LogGate, logger: Logger) throws -> DurabilitySession {
        let configuration = try settings.durabilityConfiguration()
        let engineLogger = Logger(label: "parley.durability") { label in
            LogGate.Handler(inner: ParleyLogHandler(label: label), gate: gate)
        }
        do {
            return try DurabilitySession.open(dataDirectory: dataDir, configuration: configuration,
                                              options: RecoveryOptions(acceptDataLoss: acceptDataLoss), logger: engineLogger)
        } catch {
            gate.open()
            logger.critical("cannot start: the data directory \(dataDir) cannot be recovered: \(error)")
            if case DurabilityError.corruptJournal = error, !acceptDataLoss {
                logger.critical("run `parley journal verify --data-dir \(dataDir)` for details; `parley serve --accept-data-loss` starts with the records before the damage")
            }
            throw ExitCode.failure
        }
    }

    /// Runs one short sleeping task before the server accepts connections. libdispatch, which runs Swift's
    /// task pool and timers on Linux, creates its epoll descriptor lazily on first use and traps (SIGILL) when
    /// that fails; the snapshot schedule's first use could fall in a moment when clients have taken every
    /// descriptor (the out-of-descriptors test does exactly that). Used once here, it is in place for good.
    func warmUpTaskPool() {
        _ = try? BlockingBridge.run { try await Task.sleep(for: .milliseconds(1)) }
    }

    /// Logs the recovery report and starts the snapshot schedule; returns the task to cancel at shutdown.
    func startDurability(_ session: DurabilitySession, gate: LogGate, logger: Logger) -> Task<Void, Never> {
        gate.open()
        for line in session.reportLines { logger.info("\(line)") }
        let engine = session.engine
        return Task.detached { await engine.runScheduledSnapshots() }
    }

    /// Stops the schedule, lets a snapshot being written finish (closing the journal under it would only
    /// throw it away), and closes the journal, which syncs everything appended first.
    func stopDurability(_ session: DurabilitySession, snapshots: Task<Void, Never>) {
        snapshots.cancel()
        _ = try? BlockingBridge.run { await snapshots.value }
        session.close()
    }
}
