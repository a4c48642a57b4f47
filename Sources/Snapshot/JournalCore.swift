import HeapModule

/// The journal's state machine: LSN assignment, the pending batch, the watermarks and the waiters. A value
/// type guarded by the journal lock; its methods return what the shell (`Journal`, the writer thread) must
/// do. It performs no I/O and reads no clock: times come in as arguments.
struct JournalCore {
    enum Mode {
        case starting
        case writable
        /// Out of space; `stuck` holds the batch to retry at the next probe.
        case diskFull(DurabilityError)
        /// A write or sync failed for good: read-only until restart.
        case failed(DurabilityError)
        case closed
    }

    /// A batch the writer could not finish because the disk was full; `consumed` bytes are already written.
    struct Stuck {
        let batch: BatchBuffer
        var consumed: Int
        let sync: Bool
    }

    enum WriterAction {
        /// Write this batch (from byte `from`), then fdatasync when `sync`.
        case write(BatchBuffer, from: Int, sync: Bool)
        /// fdatasync what is written (relaxed policy, flush, close).
        case sync
        /// Tell the durability handler about this watermark (memory policy, which has no batches).
        case notify(LSN)
        /// Sleep until signalled, or at most this many nanoseconds of the injected clock.
        case wait(UInt64?)
        case stop
    }

    enum Registration {
        case ready
        case queued
        case failed(DurabilityError)
    }

    let configuration: DurabilityConfiguration
    var mode: Mode = .starting
    var closeRequested = false
    var nextLSN: LSN = 1
    var pending = BatchBuffer()
    var spare: BatchBuffer? = BatchBuffer()
    var stuck: Stuck?
    /// Written to the kernel / made durable by fdatasync / last reported to the durability handler.
    var writtenLSN: LSN = 0
    var syncedLSN: LSN = 0
    var notifiedLSN: LSN = 0
    var lastSyncNanos: UInt64 = 0
    var nextProbeNanos: UInt64 = 0
    /// `flush()` asked for everything up to here to be synced.
    var syncRequestedLSN: LSN = 0
    var durableWaiters = Heap<DurabilityWaiter>()
    var syncWaiters = Heap<DurabilityWaiter>()
    var waiterSequence: UInt64 = 0
    var statistics = JournalStatistics()

    init(configuration: DurabilityConfiguration) {
        self.configuration = configuration
    }

    var lastLSN: LSN { nextLSN - 1 }

    /// The watermark `durable(_:)` waits for: synced for `durable`, written for `relaxed`, assigned for `memory`.
    var durableLSN: LSN {
        switch configuration.policy {
        case .durable: return syncedLSN
        case .relaxed: return writtenLSN
        case .memory: return lastLSN
        }
    }

    var state: DurabilityState {
        switch mode {
        case .starting: return .starting
        case .writable: return closeRequested ? .closed : .writable
        case .diskFull(let e): return .diskFull(e)
        case .failed(let e): return .readOnly(e)
        case .closed: return .closed
        }
    }

    /// Starts accepting appends after recovery: everything up to `lastLSN` is on disk and synced.
    mutating func start(lastLSN: LSN, nowNanos: UInt64) {
        nextLSN = lastLSN + 1
        writtenLSN = lastLSN
        syncedLSN = lastLSN
        notifiedLSN = lastLSN
        lastSyncNanos = nowNanos
        mode = .writable
    }

    func refusal() -> DurabilityError? {
        if closeRequested { return .closed }
        switch mode {
        case .writable: return nil
        case .starting: return .notStarted
        case .diskFull(let e): return .readOnly(cause: e)
        case .failed(let e): return .readOnly(cause: e)
        case .closed: return .closed
        }
    }

    /// Assigns the next LSN and encodes the record into the pending batch. Every check comes before the LSN
    /// is assigned, so a refused record leaves no trace.
    mutating func append(kind: UInt16, timestamp: Int64, payload: UnsafeRawBufferPointer, nowNanos: UInt64) throws -> LSN {
        if let refusal = refusal() { throw refusal }
        guard payload.count <= configuration.recordBytesMax else {
            throw DurabilityError.recordTooLarge(bytes: payload.count, limit: configuration.recordBytesMax)
        }
        let lsn = nextLSN
        if configuration.policy == .memory {
            nextLSN += 1
            return lsn
        }
        let size = RecordHeader.paddedBytes(payload: payload.count)
        guard pending.count + size <= configuration.pendingBytesMax else {
            throw DurabilityError.overloaded(pendingBytes: pending.count, limit: configuration.pendingBytesMax)
        }
        let at = pending.reserve(size)
        _ = RecordHeader.encode(into: at, lsn: lsn, kind: kind, timestamp: timestamp, syncedThrough: syncedLSN,
                                payload: payload)
        pending.commit(size, lsn: lsn, nowNanos: nowNanos)
        nextLSN += 1
        return lsn
    }
}
