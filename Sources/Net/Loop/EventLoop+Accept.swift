import CShims
import Glibc

extension EventLoop {
    func armAccept(_ listener: Int) {
        guard !acceptArmed[listener], shutdownDeadlineMs == nil, acceptResumeAtMs == nil else { return }
        acceptArmed[listener] = true
        driver.armAccept(listenFD: listeners[listener], listener: listener)
    }

    func accepted(fd: Int32, listener: Int, rearm: Bool) {
        if rearm {
            acceptArmed[listener] = false
            armAccept(listener)
        }
        guard shutdownDeadlineMs == nil, let slot = freeSlots.popLast() else {
            // Full (or shutting down): refuse this one at once rather than stop accepting, so the backlog does not
            // fill with connections that will time out anyway.
            _ = close(fd)
            counters.acceptRejectedFull += 1
            return
        }
        let (peer, text) = PeerAddress.of(fd)
        if !admit(peer) {
            freeSlots.append(slot)
            _ = close(fd)
            counters.acceptRejectedPerAddress += 1
            return
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let i = Int(slot)
        table[i].open(fd: fd, limits: config.http, peer: peer, remoteAddress: text)
        if let tlsContext {
            do {
                table[i].tls = try TLSSession(context: tlsContext)
            } catch {
                logger.warning("TLS session could not be created", metadata: ["error": "\(error)"])
                table[i].phase = .free
                release(peer)
                freeSlots.append(slot)
                _ = close(fd)
                return
            }
        }
        counters.accepted += 1
        counters.openConnections += 1
        armReceive(i)
        setDeadline(i, .header, after: config.headerTimeoutMs)
    }

    /// Counts a new connection against its address's share of `connectionsPerAddressMax` (each loop holds an
    /// equal share, since the kernel spreads connections over the loops). Loopback is exempt unless configured
    /// otherwise: behind a reverse proxy every user arrives from there.
    func admit(_ peer: PeerAddress) -> Bool {
        guard config.connectionsPerAddressMax > 0, !(peer.isLoopback && config.connectionsPerAddressExemptLoopback)
        else { return true }
        let share = max(1, config.connectionsPerAddressMax / max(1, config.loopCount))
        let n = connectionsPerAddress[peer, default: 0]
        guard n < share else { return false }
        connectionsPerAddress[peer] = n + 1
        return true
    }

    func release(_ peer: PeerAddress) {
        guard let n = connectionsPerAddress[peer] else { return }
        connectionsPerAddress[peer] = n > 1 ? n - 1 : nil
    }

    func armReceive(_ i: Int) {
        precondition(!table[i].receiveArmed, "slot \(i) already has a receive armed")
        table[i].receiveArmed = true
        counters.receivesArmed += 1
        driver.armReceive(fd: table[i].fd, slot: UInt32(i), generation: table[i].generation)
    }

    /// Out of descriptors: accept and drop one connection using the reserve descriptor (so the peer is told at once
    /// instead of waiting in the backlog), then pause accepting briefly. Never a spin.
    func acceptFailed(errno code: Int32, listener: Int, rearm: Bool) {
        if rearm { acceptArmed[listener] = false }
        guard code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM else {
            if rearm { armAccept(listener) }
            return
        }
        counters.acceptBackoffs += 1
        if reserveFD >= 0 {
            _ = close(reserveFD)
            let fd = parley_accept_nonblocking(listeners[listener])
            if fd >= 0 { _ = close(fd) }
            reserveFD = parley_open_devnull()
        }
        if acceptResumeAtMs == nil {
            logger.warning("out of file descriptors; pausing accept", metadata: ["errno": "\(code)"])
        }
        acceptResumeAtMs = nowMs + 100
        for l in listeners.indices where acceptArmed[l] {
            driver.cancelAccept(listenFD: listeners[l], listener: l)
            acceptArmed[l] = false
        }
    }

    /// Called each turn from the timers: resume accepting once the back-off has passed.
    func resumeAcceptIfDue() {
        guard let resume = acceptResumeAtMs, nowMs >= resume else { return }
        acceptResumeAtMs = nil
        for l in listeners.indices { armAccept(l) }
    }
}
