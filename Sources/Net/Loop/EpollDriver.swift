import CShims
import Glibc

/// The epoll fallback, for kernels or sandboxes without io_uring. It keeps the io_uring driver's completion
/// semantics so the loop above is the same: reads go into a shared pool of receive buffers (an idle connection holds
/// none), sends are attempted at once and finish as `.sent` completions (short writes included), and `shutdown`
/// produces the final `.receiveEnded` itself.
///
/// Readiness is level-triggered: a connection that could not read because the pool was empty is reported again.
final class EpollDriver: IODriver {
    let name = "epoll"
    private let epfd: Int32
    private let bufferMemory: UnsafeMutableRawPointer
    private let bufferBytes: Int
    private var freeBuffers: [UInt16]                 // loop thread only
    private let bufferCount: Int
    private var completed: [IOEvent] = []             // completions produced outside epoll_wait
    private var pendingSends: [UInt32: PendingSend] = [:]
    private var listeners: [Int: Int32] = [:]
    private var epollEvents: UnsafeMutablePointer<epoll_event>
    private let epollBatchMax = 256
    private let acceptBurstMax = 64

    private struct PendingSend {
        var fd: Int32
        var generation: UInt32
        var bytes: UnsafeRawPointer
        var count: Int
    }

    struct SetupError: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "epoll_create1 failed: \(String(cString: strerror(errno)))" }
    }

    init(bufferCount: Int, bufferBytes: Int) throws(SetupError) {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SetupError(errno: errno) }
        epfd = fd
        self.bufferCount = bufferCount
        self.bufferBytes = bufferBytes
        bufferMemory = .allocate(byteCount: bufferCount * bufferBytes, alignment: 4096)
        freeBuffers = (0..<bufferCount).reversed().map { UInt16($0) }
        epollEvents = .allocate(capacity: epollBatchMax)
    }

    deinit {
        _ = close(epfd)
        bufferMemory.deallocate()
        epollEvents.deallocate()
    }

    var receiveBufferBytesHeld: Int { (bufferCount - freeBuffers.count) * bufferBytes }

    private func control(_ op: Int32, fd: Int32, events: UInt32, data: UInt64) {
        var ev = epoll_event()
        ev.events = events
        ev.data.u64 = data
        _ = epoll_ctl(epfd, op, fd, &ev)
    }

    func armAccept(listenFD: Int32, listener: Int) {
        listeners[listener] = listenFD
        control(EPOLL_CTL_ADD, fd: listenFD, events: EPOLLIN.rawValue,
                data: UserData(op: .accept, slot: UInt32(listener), generation: 0).packed)
    }

    func cancelAccept(listenFD: Int32, listener: Int) {
        control(EPOLL_CTL_DEL, fd: listenFD, events: 0, data: 0)
    }

    func armReceive(fd: Int32, slot: UInt32, generation: UInt32) {
        descriptors[slot] = fd
        let data = UserData(op: .recv, slot: slot, generation: generation).packed
        let wanted = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | (pendingSends[slot] != nil ? EPOLLOUT.rawValue : 0)
        control(EPOLL_CTL_ADD, fd: fd, events: wanted, data: data)
    }

    func send(fd: Int32, slot: UInt32, generation: UInt32, bytes: UnsafeRawPointer, count: Int) {
        precondition(pendingSends[slot] == nil, "second send in flight on slot \(slot)")
        let n = Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        if n >= 0 {
            completed.append(.sent(slot: slot, generation: generation, result: Int32(n)))
        } else if errno == EAGAIN || errno == EWOULDBLOCK {
            pendingSends[slot] = PendingSend(fd: fd, generation: generation, bytes: bytes, count: count)
            control(EPOLL_CTL_MOD, fd: fd, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLOUT.rawValue,
                    data: UserData(op: .recv, slot: slot, generation: generation).packed)
        } else {
            completed.append(.sent(slot: slot, generation: generation, result: -errno))
        }
    }

    func shutdown(fd: Int32, slot: UInt32, generation: UInt32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
        control(EPOLL_CTL_DEL, fd: fd, events: 0, data: 0)
        let wasReading = descriptors.removeValue(forKey: slot) != nil
        if let p = pendingSends.removeValue(forKey: slot) {
            completed.append(.sent(slot: slot, generation: p.generation, result: -ECANCELED))
        }
        // The io_uring driver's receive ends with the shutdown; here that end is produced directly, once.
        if wasReading { completed.append(.receiveEnded(slot: slot, generation: generation, result: 0)) }
    }

    func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    func armWake(eventFD: Int32) {
        control(EPOLL_CTL_ADD, fd: eventFD, events: EPOLLIN.rawValue,
                data: UserData(op: .wake, slot: 0, generation: 0).packed)
    }

    func recycle(buffer: UInt16) {
        freeBuffers.append(buffer)
    }

    func wait(timeoutMs: Int, into events: inout [IOEvent]) {
        if !completed.isEmpty {
            events.append(contentsOf: completed)
            completed.removeAll(keepingCapacity: true)
        }
        // Completions already waiting mean the loop has work: poll without sleeping.
        let timeout = events.isEmpty ? Int32(clamping: timeoutMs) : 0
        let n = epoll_wait(epfd, epollEvents, Int32(epollBatchMax), timeout)
        guard n > 0 else { return }
        for i in 0..<Int(n) {
            let ev = epollEvents[i]
            guard let ud = UserData(packed: ev.data.u64) else { preconditionFailure("epoll event with unknown data") }
            switch ud.op {
            case .accept: acceptBurst(listener: Int(ud.slot), into: &events)
            case .recv: connectionReady(ud, events: ev.events, into: &events)
            case .wake: events.append(.wake(rearm: false))
            case .send, .timeout, .cancel: preconditionFailure("epoll registered op \(ud.op)")
            }
        }
    }

    private func acceptBurst(listener: Int, into events: inout [IOEvent]) {
        guard let lfd = listeners[listener] else { return }
        for _ in 0..<acceptBurstMax {
            let fd = parley_accept_nonblocking(lfd)
            if fd >= 0 {
                events.append(.accepted(fd: fd, listener: listener, rearm: false))
                continue
            }
            let e = errno
            if e == EAGAIN || e == EWOULDBLOCK || e == EINTR || e == ECONNABORTED { return }
            // Out of descriptors or another hard error: disarm so the loop's back-off decides when to try again.
            control(EPOLL_CTL_DEL, fd: lfd, events: 0, data: 0)
            events.append(.acceptFailed(errno: e, listener: listener, rearm: true))
            return
        }
    }

    private func connectionReady(_ ud: UserData, events mask: UInt32, into events: inout [IOEvent]) {
        if mask & EPOLLOUT.rawValue != 0, let p = pendingSends[ud.slot] {
            retrySend(slot: ud.slot, p, into: &events)
        }
        guard mask & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 else { return }
        guard let fd = fdForRead(ud) else { return }
        guard let bid = freeBuffers.popLast() else { return }  // pool empty: level-triggered, reported again
        let base = bufferMemory + Int(bid) * bufferBytes
        let n = recv(fd, base, bufferBytes, Int32(MSG_DONTWAIT))
        if n > 0 {
            events.append(.received(slot: ud.slot, generation: ud.generation,
                                    bytes: UnsafeRawBufferPointer(start: base, count: n), buffer: bid))
            return
        }
        freeBuffers.append(bid)
        let e = errno
        if n < 0 && (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) { return }
        stopReading(fd: fd, slot: ud.slot, generation: ud.generation)
        events.append(.receiveEnded(slot: ud.slot, generation: ud.generation, result: n == 0 ? 0 : -e))
    }

    /// The epoll data carries slot and generation, not the descriptor, so it is remembered here.
    private var descriptors: [UInt32: Int32] = [:]
    private func fdForRead(_ ud: UserData) -> Int32? { descriptors[ud.slot] }

    /// Reading is over; a send still waiting for room keeps its EPOLLOUT registration until it completes.
    private func stopReading(fd: Int32, slot: UInt32, generation: UInt32) {
        if pendingSends[slot] != nil {
            control(EPOLL_CTL_MOD, fd: fd, events: EPOLLOUT.rawValue,
                    data: UserData(op: .recv, slot: slot, generation: generation).packed)
        } else {
            control(EPOLL_CTL_DEL, fd: fd, events: 0, data: 0)
        }
        descriptors[slot] = nil
    }

    private func retrySend(slot: UInt32, _ p: PendingSend, into events: inout [IOEvent]) {
        let n = Glibc.send(p.fd, p.bytes, p.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
        pendingSends[slot] = nil
        if descriptors[slot] != nil {
            control(EPOLL_CTL_MOD, fd: p.fd, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue,
                    data: UserData(op: .recv, slot: slot, generation: p.generation).packed)
        } else {
            control(EPOLL_CTL_DEL, fd: p.fd, events: 0, data: 0)
        }
        events.append(.sent(slot: slot, generation: p.generation, result: n >= 0 ? Int32(n) : -errno))
    }
}
