import CShims
import Glibc

extension EventLoop {
    /// Queues protocol bytes for a connection (encrypted first on TLS connections). Nothing is sent before the end
    /// of the turn, so everything queued for one connection in a turn leaves in one send.
    func emit(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        guard table[i].phase == .open else { return }
        if let tls = table[i].tls {
            scratch.removeAll(keepingCapacity: true)
            if case .failure = tls.send(bytes, ciphertextOut: &scratch) {
                beginClose(i)
                return
            }
            scratch.withUnsafeBytes { table[i].queued.append($0, pool: &bufferPool) }
        } else {
            table[i].queued.append(bytes, pool: &bufferPool)
        }
        scheduleFlush(i)
    }

    func emit(_ i: Int, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { emit(i, $0) }
    }

    /// Raw bytes that must not be encrypted again (TLS records produced by the session itself).
    func emitRaw(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        table[i].queued.append(bytes, pool: &bufferPool)
        scheduleFlush(i)
    }

    @inline(__always)
    func scheduleFlush(_ i: Int) {
        guard !table[i].flushScheduled else { return }
        table[i].flushScheduled = true
        toFlush.append(UInt32(i))
    }

    func flushAll() {
        guard !toFlush.isEmpty else { return }
        for slot in toFlush {
            let i = Int(slot)
            table[i].flushScheduled = false
            startSend(i)
        }
        toFlush.removeAll(keepingCapacity: true)
    }

    private func startSend(_ i: Int) {
        guard !table[i].sendInFlight else { return }  // the completion schedules the next send
        guard table[i].phase == .open || table[i].phase == .lingering else { return }
        guard !table[i].queued.isEmpty else {
            outputDrained(i)
            return
        }
        table[i].promoteQueued()
        submitSend(i)
    }

    private func submitSend(_ i: Int) {
        // Fields are read in place: a copy of the whole connection would retain and release everything in it.
        let offset = table[i].sendOffset
        let count = table[i].sending.count
        precondition(offset < count, "slot \(i): nothing left to send")
        table[i].sendInFlight = true
        counters.sends += 1
        driver.send(fd: table[i].fd, slot: UInt32(i), generation: table[i].generation,
                    bytes: table[i].sending.base! + offset, count: count - offset)
    }

    func sent(_ i: Int, result: Int32) {
        precondition(table[i].sendInFlight, "slot \(i): send completion without a send in flight")
        table[i].sendInFlight = false
        if table[i].phase == .closing {
            finishCloseIfIdle(i)
            return
        }
        guard result > 0 else {
            beginClose(i)
            return
        }
        counters.sendBytes += Int(result)
        table[i].sendOffset += Int(result)
        if table[i].sendOffset < table[i].sending.count {
            // A short send: resume from where the kernel stopped before anything queued later.
            counters.shortSends += 1
            submitSend(i)
            return
        }
        table[i].sendOffset = 0
        if table[i].queued.isEmpty {
            table[i].sending.release(to: &bufferPool)
            outputDrained(i)
        } else {
            // Still busy: the sent buffer's memory becomes the next queue (the two swap on each send), so a
            // connection streaming events reuses two buffers instead of allocating and faulting in fresh pages.
            table[i].sending.clear()
            scheduleFlush(i)
        }
    }

    /// Everything queued has reached the kernel.
    private func outputDrained(_ i: Int) {
        // An idle connection holds no send memory.
        table[i].queued.release(to: &bufferPool)
        if table[i].closeAfterFlush && table[i].phase == .open {
            startLinger(i)
        }
        outputDrainedHook(i)
    }

    /// Half-closes after the last response and reads (discarding) until the peer closes or the linger deadline.
    func startLinger(_ i: Int) {
        guard table[i].phase == .open else { return }
        if let tls = table[i].tls {
            scratch.removeAll(keepingCapacity: true)
            tls.shutdown(ciphertextOut: &scratch)
            if !scratch.isEmpty {
                // The close_notify must leave before the write side is shut.
                scratch.withUnsafeBytes { table[i].queued.append($0, pool: &bufferPool) }
                table[i].tls = nil
                scheduleFlush(i)
                return
            }
        }
        table[i].phase = .lingering
        _ = Glibc.shutdown(table[i].fd, Int32(SHUT_WR))
        if table[i].receiveArmed {
            setDeadline(i, .linger, after: config.lingerMs)
        } else {
            beginClose(i)
        }
    }

    /// Starts closing: stops the receive (its completion arrives), and frees the slot once nothing is in flight.
    func beginClose(_ i: Int) {
        switch table[i].phase {
        case .free, .closing:
            return
        case .open, .lingering:
            table[i].phase = .closing
            table[i].deadline = .none
            connectionClosingHook(i)
            cancelBodyStream(i)
            if table[i].receiveArmed || table[i].sendInFlight {
                driver.shutdown(fd: table[i].fd, slot: UInt32(i), generation: table[i].generation)
            }
            finishCloseIfIdle(i)
        }
    }

    func finishCloseIfIdle(_ i: Int) {
        guard table[i].phase == .closing, !table[i].receiveArmed, !table[i].sendInFlight else { return }
        driver.closeDescriptor(table[i].fd)
        release(table[i].peer)
        table[i].release(pool: &bufferPool)
        freeSlots.append(UInt32(i))
        counters.closed += 1
        counters.openConnections -= 1
    }

    func receiveEnded(_ i: Int, result: Int32) {
        precondition(table[i].receiveArmed, "slot \(i): receive end without a receive armed")
        table[i].receiveArmed = false
        counters.receivesArmed -= 1
        let phase = table[i].phase
        if result == -ENOBUFS || result == -EAGAIN {
            if result == -ENOBUFS { counters.receiveNoBuffers += 1 }
            if phase == .open || phase == .lingering {
                // Back-pressure, not an error: the buffers consumed this turn are back, so re-arm.
                counters.receiveRearms += 1
                armReceive(i)
                return
            }
        }
        switch phase {
        case .free:
            preconditionFailure("slot \(i): receive end on a free slot")
        case .closing:
            finishCloseIfIdle(i)
        case .lingering:
            beginClose(i)
        case .open:
            peerClosed(i)
        }
    }

    /// Closes every connection at once (end of the shutdown drain).
    func closeEverything() {
        for i in 0..<capacity where table[i].phase == .open || table[i].phase == .lingering {
            beginClose(i)
        }
    }
}

extension Connection {
    /// Moves what was queued into the sending buffer (which is empty) so the kernel can have it.
    mutating func promoteQueued() {
        precondition(sending.isEmpty && !sendInFlight, "promoting with a send still in progress")
        swap(&sending, &queued)
        sendOffset = 0
    }
}
