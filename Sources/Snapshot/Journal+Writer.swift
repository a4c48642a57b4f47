import Logging

// The thin shell around JournalCore: the writer thread asks the core what to do, does the I/O without the
// lock, reports back, and resumes waiters outside the lock.
extension Journal {
    /// Longest real sleep while a timed action (relaxed sync, disk-full probe, batch window) is pending, so
    /// an injected clock that jumps is noticed promptly.
    static let pollNanos: UInt64 = 20_000_000

    /// Starts the writer after recovery: records up to `lastLSN` are on disk and synced.
    func start(lastLSN: LSN, writer: SegmentWriter?) {
        self.writer = writer
        lock.withLock {
            core.start(lastLSN: lastLSN, nowNanos: clock.monotonicNanos())
            publishLocked()
        }
        writer?.preparer.startBackground()
        writer?.preparer.request()
        writerThread = DurabilityThread(name: "parley-journal") { [self] in writerLoop() }
    }

    /// Whether the next segment is prepared (tests wait for it so that storage calls can be counted).
    var preparedSegmentReady: Bool { writer?.preparer.isReady ?? false }

    /// Writes and syncs what is pending, stops the threads and fails any remaining waiters.
    func close() {
        let started = lock.withLock { () -> Bool in
            core.closeRequested = true
            publishLocked()
            return writerThread != nil
        }
        lock.broadcast()
        if started {
            writerThread?.join()
            writerThread = nil
        }
        let leftovers = lock.withLock { () -> [DurabilityWaiter] in
            core.mode = .closed
            publishLocked()
            var all: [DurabilityWaiter] = []
            while let w = core.durableWaiters.popMin() { all.append(w) }
            while let w = core.syncWaiters.popMin() { all.append(w) }
            return all
        }
        for w in leftovers { w.continuation.resume(throwing: DurabilityError.closed) }
        writer?.preparer.stop()
        writer?.close()
        writer = nil
    }

    private func writerLoop() {
        while true {
            let action = lock.withLock { () -> JournalCore.WriterAction in
                while true {
                    let action = core.nextAction(nowNanos: clock.monotonicNanos())
                    guard case .wait(let nanos) = action else { return action }
                    lock.wait(nanos: nanos.map { min($0, Self.pollNanos) })
                }
            }
            switch action {
            case .stop:
                return
            case .write(let batch, let from, let sync):
                write(batch, from: from, sync: sync)
            case .sync:
                syncWritten()
            case .notify(let lsn):
                let handler = lock.withLock { durableHandler }
                handler?(lsn)
                lock.withLock { core.notified(lsn) }
            case .wait:
                preconditionFailure("the writer loop returned a wait action")
            }
        }
    }

    private func write(_ batch: BatchBuffer, from: Int, sync: Bool) {
        guard let writer else { preconditionFailure("journal writer started without a segment writer") }
        var progress = from
        do throws(WriteFailure) {
            try writer.write(batch, from: from, progress: &progress)
            if sync { try writer.sync() }
        } catch {
            fail(error, batch: batch, consumed: progress, sync: sync)
            return
        }
        let resumed = lock.withLock { () -> (waiters: [DurabilityWaiter], recovered: Bool) in
            var recovered = false
            if case .diskFull = core.mode { recovered = true }
            let waiters = core.batchWritten(batch, synced: sync, nowNanos: clock.monotonicNanos())
            publishLocked()
            return (waiters, recovered)
        }
        if resumed.recovered { logger.notice("journal: space is available again; writes resume") }
        finish(resumed.waiters)
    }

    private func syncWritten() {
        guard let writer else { preconditionFailure("journal writer started without a segment writer") }
        do throws(WriteFailure) {
            try writer.sync()
        } catch {
            fail(error, batch: nil, consumed: 0, sync: true)
            return
        }
        let waiters = lock.withLock { () -> [DurabilityWaiter] in
            let w = core.synced(nowNanos: clock.monotonicNanos())
            publishLocked()
            return w
        }
        finish(waiters)
    }

    /// Resumes waiters in LSN order, then tells the durability handler.
    private func finish(_ waiters: [DurabilityWaiter]) {
        for w in waiters { w.continuation.resume() }
        let (handler, lsn) = lock.withLock { () -> ((@Sendable (LSN) -> Void)?, LSN) in
            let lsn = core.durableLSN
            guard lsn > core.notifiedLSN else { return (nil, lsn) }
            core.notified(lsn)
            return (durableHandler, lsn)
        }
        handler?(lsn)
    }

    private func fail(_ failure: WriteFailure, batch: BatchBuffer?, consumed: Int, sync: Bool) {
        let (waiters, isNew) = lock.withLock { () -> ([DurabilityWaiter], Bool) in
            let result = core.failed(failure, batch: batch, consumed: consumed, sync: sync, nowNanos: clock.monotonicNanos())
            publishLocked()
            return result
        }
        if isNew {
            switch failure {
            case .retryable(let e):
                logger.error("journal: disk full, writes refused until space returns: \(e)")
            case .permanent(let e):
                logger.critical("journal: write or sync failed; read-only until restart, nothing more is acknowledged: \(e)")
            }
        }
        let error = DurabilityError.readOnly(cause: failure.error)
        for w in waiters { w.continuation.resume(throwing: error) }
    }
}
