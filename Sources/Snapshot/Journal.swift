import Logging
import Synchronization

/// The write-ahead journal. Not an actor: `append` is synchronous so an actor can call it inside the
/// non-suspending stretch of a mutation, which makes journal order equal apply order.
///
/// `append` encodes the record into the pending batch under a lock, assigns the LSN and returns. A
/// dedicated writer thread takes the whole pending batch, writes it with one call, fdatasyncs once (group
/// commit: records appended during a sync form the next batch), advances the durable watermark and resumes
/// the tasks waiting in `durable(_:)` in LSN order. Obtain a journal from `DurabilityEngine`.
public final class Journal: @unchecked Sendable {
    public let configuration: DurabilityConfiguration
    let storage: any Storage
    let clock: any DurabilityClock
    let logger: Logger
    let lock = ConditionLock()
    var core: JournalCore  // guarded by lock
    var durableHandler: (@Sendable (LSN) -> Void)?  // guarded by lock
    private let durableWatermark = Atomic<UInt64>(0)
    private let syncedWatermark = Atomic<UInt64>(0)
    private let writable = Atomic<Bool>(false)
    var writer: SegmentWriter?  // the writer thread only, once started
    var writerThread: DurabilityThread?  // start and close only
    let catalog = SegmentCatalog()

    init(configuration: DurabilityConfiguration, storage: any Storage, clock: any DurabilityClock, logger: Logger) {
        self.configuration = configuration
        self.storage = storage
        self.clock = clock
        self.logger = logger
        core = JournalCore(configuration: configuration)
    }

    // MARK: Appending

    /// Assigns the next LSN to a record and queues it for the writer. Cheap and non-blocking.
    ///
    /// Throws, without assigning an LSN: `.recordTooLarge` above `recordBytesMax`; `.overloaded` when
    /// more than `pendingBytesMax` bytes already wait for the writer (back-pressure: the caller answers
    /// "busy" rather than blocking inside an actor); `.readOnly` after a write or sync failure or while the
    /// disk is full; `.notStarted` / `.closed`. When it throws, the caller must undo its in-memory apply.
    ///
    /// - Parameter timestamp: milliseconds since the Unix epoch; nil stamps the injected clock's time.
    public func append(kind: UInt16, timestamp: Int64? = nil, payload: UnsafeRawBufferPointer) throws -> LSN {
        let ts = timestamp ?? clock.wallClockMillis()
        let now = clock.monotonicNanos()
        let (lsn, wasEmpty) = try lock.withLock { () throws -> (LSN, Bool) in
            let wasEmpty = core.pending.count == 0
            let lsn = try core.append(kind: kind, timestamp: ts, payload: payload, nowNanos: now)
            if configuration.policy == .memory { durableWatermark.store(lsn, ordering: .releasing) }
            return (lsn, wasEmpty)
        }
        // The writer sleeps only when nothing is pending, so only the first record of a batch must wake it.
        if wasEmpty { lock.signal() }
        return lsn
    }

    public func append(kind: UInt16, timestamp: Int64? = nil, payload: [UInt8]) throws -> LSN {
        try payload.withUnsafeBytes { try append(kind: kind, timestamp: timestamp, payload: $0) }
    }

    // MARK: Waiting

    /// Returns once the record at `lsn` is durable under the policy (at once for `memory`). Throws
    /// `.readOnly` when the journal failed (or the disk filled) before that: the record's fate is then
    /// unknown — it may be on disk, and after a full disk it is still written when space returns. It does not
    /// block a thread; task cancellation does not end the wait (the writer always answers).
    public func durable(_ lsn: LSN) async throws {
        if lsn <= durableWatermark.load(ordering: .acquiring) { return }
        try await wait(for: lsn, synced: false)
    }

    /// Returns once every record appended before the call is fdatasynced, whatever the policy (a `relaxed`
    /// journal syncs at once). Used before a snapshot is published and at shutdown.
    public func flush() async throws {
        let last = lock.withLock { core.lastLSN }
        if configuration.policy == .memory || last <= syncedWatermark.load(ordering: .acquiring) { return }
        try await wait(for: last, synced: true)
    }

    private func wait(for lsn: LSN, synced: Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let registration = lock.withLock { core.register(lsn, synced: synced, continuation) }
            switch registration {
            case .ready: continuation.resume()
            case .failed(let error): continuation.resume(throwing: error)
            case .queued: lock.signal()
            }
        }
    }

    // MARK: Watermarks and state

    /// The highest LSN that `durable(_:)` has acknowledged or would at once (an atomic read).
    public var durableLSN: LSN { durableWatermark.load(ordering: .acquiring) }

    /// The highest LSN made durable by an fdatasync (equals `durableLSN` under `durable`).
    public var syncedLSN: LSN { syncedWatermark.load(ordering: .acquiring) }

    /// The last LSN assigned by `append`.
    public var lastLSN: LSN { lock.withLock { core.lastLSN } }

    /// True while appends are accepted (an atomic read, for a quick check before applying a mutation).
    public var isWritable: Bool { writable.load(ordering: .acquiring) }

    public var state: DurabilityState { lock.withLock { core.state } }

    public var statistics: JournalStatistics { lock.withLock { core.statistics } }

    /// Sets the function the writer thread calls each time the durable watermark advances (the Actors layer
    /// drains its outboxes there). It runs on the writer thread: it must be quick and must not block.
    public func onDurable(_ handler: @escaping @Sendable (LSN) -> Void) {
        lock.withLock { durableHandler = handler }
    }

    /// Copies the core's watermarks into the atomics; call with the lock held after each change.
    func publishLocked() {
        durableWatermark.store(core.durableLSN, ordering: .releasing)
        syncedWatermark.store(core.syncedLSN, ordering: .releasing)
        let ok: Bool
        switch core.mode {
        case .writable: ok = !core.closeRequested
        case .starting, .diskFull, .failed, .closed: ok = false
        }
        writable.store(ok, ordering: .releasing)
    }
}
