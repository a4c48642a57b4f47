import Logging
import Synchronization

/// The durability engine of one data directory: recovery at start, the journal while serving, and
/// snapshots. Typical use:
///
/// ```swift
/// let engine = try DurabilityEngine(directory: dataDir, logger: logger)
/// try engine.register(teamsComponent)              // every component, before start
/// let report = try engine.start()                  // restore + replay, then the journal accepts appends
/// let lsn = try engine.journal.append(kind: 7, payload: bytes)   // inside an actor's mutation
/// try await engine.journal.durable(lsn)            // before publishing or replying
/// _ = try await engine.takeSnapshot()              // on demand; `runScheduledSnapshots` does it periodically
/// engine.close()
/// ```
public final class DurabilityEngine: Sendable {
    struct State {
        enum Phase {
            case created
            case started
            case closed
        }

        var phase: Phase = .created
        var components: [SnapshotComponent] = []
        var epoch: UInt64 = 0
        /// Every record up to here is in every component (recovered at start); capture LSNs are raised to it.
        var floorLSN: LSN = 0
        var snapshotRunning = false
        var scheduler = SnapshotScheduler(lsn: 0, nowNanos: 0)
    }

    public let directory: String
    public let configuration: DurabilityConfiguration
    public let journal: Journal
    let storage: any Storage
    let clock: any DurabilityClock
    let logger: Logger
    let layout: DataDirectory
    let makeEpoch: @Sendable () -> UInt64
    let state = Mutex(State())

    /// Creates an engine for `directory` (created at start when missing). Nothing is read until `start`.
    ///
    /// - Parameter makeEpoch: the random epoch of a new data directory; injected for deterministic tests.
    public init(directory: String, configuration: DurabilityConfiguration = DurabilityConfiguration(),
                storage: any Storage = FileStorage(), clock: any DurabilityClock = SystemDurabilityClock(),
                logger: Logger, makeEpoch: @escaping @Sendable () -> UInt64 = { UInt64.random(in: 1...UInt64.max) }) throws {
        try configuration.validate()
        self.directory = directory
        self.configuration = configuration
        self.storage = storage
        self.clock = clock
        self.logger = logger
        self.makeEpoch = makeEpoch
        layout = DataDirectory(root: directory)
        journal = Journal(configuration: configuration, storage: storage, clock: clock, logger: logger)
    }

    /// Registers a component; all must be registered before `start`, with distinct names.
    public func register(_ component: SnapshotComponent) throws {
        try state.withLock { s in
            guard case .created = s.phase else { throw DurabilityError.registration(reason: "\(component.name) registered after start") }
            guard !s.components.contains(where: { $0.name == component.name }) else {
                throw DurabilityError.registration(reason: "two components named \(component.name)")
            }
            s.components.append(component)
        }
    }

    /// Recovers the registered components (newest valid snapshot, then replay) and starts the journal.
    /// Throws — leaving the directory as it found it, apart from set-aside files — when recovery cannot
    /// be trusted: see the README's "How recovery decides". After a failed start the engine (and the
    /// components, which may hold a partial restore) must be discarded; a new engine may try again.
    @discardableResult
    public func start(_ options: RecoveryOptions = RecoveryOptions()) throws -> RecoveryReport {
        let components = try state.withLock { s -> [SnapshotComponent] in
            guard case .created = s.phase else { throw DurabilityError.registration(reason: "start called twice") }
            return s.components
        }
        let report: RecoveryReport
        let writer: SegmentWriter?
        do {
            (report, writer) = try recover(components: components, options: options)
        } catch {
            // Components may hold a partial restore: this engine is done; a new one may try again.
            state.withLock { $0.phase = .closed }
            logger.critical("durability: start-up refused: \(error)")
            throw error
        }
        state.withLock { s in
            s.phase = .started
            s.epoch = report.epoch
            s.floorLSN = report.lastLSN
            s.scheduler = SnapshotScheduler(lsn: report.snapshot?.lsn ?? 0, nowNanos: clock.monotonicNanos())
        }
        journal.start(lastLSN: report.lastLSN, writer: writer)
        logger.info("durability: started at LSN \(report.lastLSN) (\(configuration.policy.rawValue) policy)")
        return report
    }

    /// The journal's state: Server answers writes with a 503-class error unless `.writable`.
    public var durabilityState: DurabilityState { journal.state }

    /// Writes and syncs what is pending, then stops the journal's threads. Waiters still pending fail.
    public func close() {
        let wasStarted = state.withLock { s -> Bool in
            defer { s.phase = .closed }
            if case .started = s.phase { return true }
            return false
        }
        if wasStarted { journal.close() }
    }
}
