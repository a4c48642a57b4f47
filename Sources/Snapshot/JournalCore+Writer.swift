extension JournalCore {
    /// What the writer thread does next.
    mutating func nextAction(nowNanos now: UInt64) -> WriterAction {
        switch mode {
        case .starting:
            return closeRequested ? .stop : .wait(nil)
        case .closed:
            return .stop
        case .failed:
            return closeRequested ? .stop : .wait(nil)
        case .diskFull:
            if closeRequested { return .stop }
            guard let stuck else { preconditionFailure("journal disk-full without a stuck batch") }
            if now >= nextProbeNanos { return .write(stuck.batch, from: stuck.consumed, sync: true) }
            return .wait(nextProbeNanos - now)
        case .writable:
            return nextWritableAction(now)
        }
    }

    private mutating func nextWritableAction(_ now: UInt64) -> WriterAction {
        if configuration.policy == .memory {
            if notifiedLSN < lastLSN { return .notify(lastLSN) }
            return closeRequested ? .stop : .wait(nil)
        }
        let interval = UInt64(configuration.relaxedSyncIntervalMillis) * 1_000_000
        let syncDue = closeRequested || syncRequestedLSN > syncedLSN || now &- lastSyncNanos >= interval
        if pending.count > 0 {
            let window = UInt64(configuration.batchWindowMicros) * 1000
            if !closeRequested && window > 0 && now < pending.startedNanos + window {
                return .wait(pending.startedNanos + window - now)
            }
            let batch = pending
            pending = spare ?? BatchBuffer()
            spare = nil
            return .write(batch, from: 0, sync: configuration.policy == .durable || syncDue)
        }
        if writtenLSN > syncedLSN {
            if syncDue { return .sync }
            return .wait(lastSyncNanos + interval - now)
        }
        return closeRequested ? .stop : .wait(nil)
    }

    /// The writer wrote (and maybe synced) `batch`; returns the waiters to resume, in LSN order.
    mutating func batchWritten(_ batch: BatchBuffer, synced: Bool, nowNanos: UInt64) -> [DurabilityWaiter] {
        if case .diskFull = mode { mode = .writable }
        stuck = nil
        statistics.batches += 1
        statistics.bytesWritten += UInt64(batch.count)
        writtenLSN = batch.lastLSN
        if synced { markSynced(writtenLSN, nowNanos) }
        batch.reset()
        spare = batch
        return readyWaiters()
    }

    mutating func synced(nowNanos: UInt64) -> [DurabilityWaiter] {
        markSynced(writtenLSN, nowNanos)
        return readyWaiters()
    }

    private mutating func markSynced(_ lsn: LSN, _ now: UInt64) {
        syncedLSN = lsn
        lastSyncNanos = now
        statistics.syncs += 1
    }

    mutating func notified(_ lsn: LSN) {
        notifiedLSN = max(notifiedLSN, lsn)
    }

    /// Waiters whose LSN the watermarks have passed, durable ones first, each group in LSN order.
    mutating func readyWaiters() -> [DurabilityWaiter] {
        var ready: [DurabilityWaiter] = []
        let durable = durableLSN
        while let w = durableWaiters.min, w.lsn <= durable { ready.append(durableWaiters.removeMin()) }
        while let w = syncWaiters.min, w.lsn <= syncedLSN { ready.append(syncWaiters.removeMin()) }
        return ready
    }

    /// A write or sync failed. A full disk during a write keeps the batch for the next probe; anything else
    /// is final. Returns every waiter (none can be satisfied now) and whether this is a new failure.
    mutating func failed(_ failure: WriteFailure, batch: BatchBuffer?, consumed: Int, sync: Bool,
                         nowNanos: UInt64) -> (waiters: [DurabilityWaiter], isNew: Bool) {
        var isNew = true
        switch (failure, batch) {
        case (.retryable(let e), .some(let batch)):
            if case .diskFull = mode { isNew = false }
            mode = .diskFull(e)
            stuck = Stuck(batch: batch, consumed: consumed, sync: sync)
            nextProbeNanos = nowNanos + UInt64(configuration.diskFullProbeMillis) * 1_000_000
        case (.retryable(let e), .none), (.permanent(let e), _):
            if case .failed = mode { isNew = false }
            mode = .failed(e)
            stuck = nil
            pending.reset()
        }
        var all: [DurabilityWaiter] = []
        while let w = durableWaiters.popMin() { all.append(w) }
        while let w = syncWaiters.popMin() { all.append(w) }
        return (all, isNew)
    }

    /// Registers a task waiting for `lsn` to be durable (or synced, for `flush`).
    mutating func register(_ lsn: LSN, synced: Bool, _ continuation: CheckedContinuation<Void, Error>) -> Registration {
        if (synced ? syncedLSN : durableLSN) >= lsn { return .ready }
        precondition(lsn <= lastLSN, "waiting for LSN \(lsn), which has not been assigned (last \(lastLSN))")
        if let refusal = refusal() { return .failed(refusal) }
        guard durableWaiters.count + syncWaiters.count < configuration.durableWaitersMax else {
            return .failed(.tooManyWaiters(limit: configuration.durableWaitersMax))
        }
        waiterSequence += 1
        let waiter = DurabilityWaiter(lsn: lsn, sequence: waiterSequence, continuation: continuation)
        if synced {
            syncWaiters.insert(waiter)
            syncRequestedLSN = max(syncRequestedLSN, lsn)
        } else {
            durableWaiters.insert(waiter)
        }
        return .queued
    }
}
