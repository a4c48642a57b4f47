extension EventLoop {
    /// Sets the connection's single deadline. The wheel holds at most one entry per slot; a later deadline is
    /// picked up when that entry fires early.
    func setDeadline(_ i: Int, _ kind: Connection.Deadline, after ms: Int64) {
        table[i].deadline = kind
        table[i].deadlineMs = nowMs + ms
        if !table[i].inTimerWheel {
            table[i].inTimerWheel = true
            timers.insert(slot: UInt32(i), deadlineMs: table[i].deadlineMs)
        } else if table[i].deadlineMs < table[i].wheelDeadlineMs {
            // Sooner than the entry already in the wheel: a second entry is needed (the old one is then stale).
            timers.insert(slot: UInt32(i), deadlineMs: table[i].deadlineMs)
        }
        table[i].wheelDeadlineMs = min(table[i].wheelDeadlineMs, table[i].deadlineMs)
    }

    func fireTimers() {
        resumeAcceptIfDue()
        due.removeAll(keepingCapacity: true)
        timers.advance(nowMs: nowMs, into: &due)
        for slot in due {
            let i = Int(slot)
            table[i].inTimerWheel = false
            table[i].wheelDeadlineMs = .max
            guard table[i].phase != .free, table[i].deadline != .none, table[i].deadline != .response else { continue }
            if table[i].deadlineMs > nowMs {
                table[i].inTimerWheel = true
                table[i].wheelDeadlineMs = table[i].deadlineMs
                timers.insert(slot: slot, deadlineMs: table[i].deadlineMs)
                continue
            }
            expire(i)
        }
    }

    private func expire(_ i: Int) {
        let kind = table[i].deadline
        table[i].deadline = .none
        switch kind {
        case .none, .response:
            return
        case .idle, .linger:
            beginClose(i)
        case .header, .body:
            if table[i].http.parser.hasPartialRequest || table[i].http.readingHead != nil {
                // Too slow sending the request (slowloris): answer 408 and close.
                table[i].http.stopped = true
                table[i].http.readingHead = nil
                table[i].http.readingBody = []
                let seq = table[i].http.nextSequence
                table[i].http.nextSequence &+= 1
                table[i].http.outstanding.append(RequestInfo(isHead: false, keepAlive: false, isUpgrade: false,
                                                             requestHead: nil, closesConnection: true))
                deliver(i, sequence: seq, response: renderError(408, "the request did not arrive in time"))
            } else {
                beginClose(i)
            }
        case .webSocket:
            webSocketTimer(i)
        }
    }
}
