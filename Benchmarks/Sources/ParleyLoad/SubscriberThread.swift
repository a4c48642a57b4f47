import CLoad
import Glibc
import Synchronization

/// One epoll loop holding many subscriber connections of one kind (`M`). It opens them at most
/// `handshakesMax` at a time, so the server's accept queue is never flooded, feeds what it reads to each
/// connection's state machine and performs what the machine asks. Counters for the main thread are atomics,
/// updated once per loop turn; the full recorder is handed over when the loop stops.
final class SubscriberThread<M: SubscriberMachine>: Sendable {
    static var handshakesMax: Int { 256 }
    static var readBufferBytes: Int { 256 << 10 }
    static var eventsMax: Int32 { 1024 }

    struct Slot {
        enum State { case idle, connecting, open, dead }
        let index: Int
        var fd: Int32 = -1
        var state = State.idle
        /// Whether epoll reports writability for it: only while a connect or a send is pending.
        var writeWatched = true
        var machine: M
        var ready = false
        /// When its socket was made, for the handshake time.
        var openedNanos: UInt64 = 0
        /// Bytes the socket did not take yet; bounded by what machines produce (an upgrade, pongs).
        var unsent: [UInt8] = []
    }

    let endpoint: Endpoint
    let sources: [UInt32?]
    let clock: any LoadClock
    /// When set, connections open on this schedule (a connect storm) instead of as fast as handshakes allow.
    let pacing: RampSchedule?
    private let machines: Mutex<[M]>  // taken by the loop when it starts
    let ready = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let delivered = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
    private let result = Mutex<DeliveryRecorder?>(nil)

    /// `sources[i % sources.count]` is the local address of the i-th connection (nil: let the kernel choose).
    init(machines: [M], endpoint: Endpoint, sources: [UInt32?], clock: any LoadClock, pacing: RampSchedule? = nil) {
        self.machines = Mutex(machines)
        self.pacing = pacing
        self.endpoint = endpoint
        self.sources = sources.isEmpty ? [nil] : sources
        self.clock = clock
    }

    /// The recorder, once `run` has returned.
    var recorder: DeliveryRecorder? { result.withLock { $0 } }

    func run() {
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epfd >= 0, "epoll_create1: errno \(errno)")
        var slots = machines.withLock { m in defer { m = [] }; return m.enumerated().map { Slot(index: $0.offset, machine: $0.element) } }
        var context = M.Context()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readBufferBytes, alignment: 16)
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(Self.eventsMax))
        defer {
            for slot in slots where slot.fd >= 0 {
                let bye = slot.machine.farewell
                if slot.state == .open, !bye.isEmpty { _ = bye.withUnsafeBytes { send(slot.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) } }
                close(slot.fd)
            }
            close(epfd)
            buffer.deallocate()
            events.deallocate()
        }
        var opened = 0
        let start = clock.nowNanos()
        while !stop.load(ordering: .relaxed) {
            let settled = context.recorder.ready + context.recorder.failures
            while opened < slots.count, opened - settled < Self.handshakesMax, isDue(opened, since: start) {
                open(&slots[opened], index: opened, epfd: epfd, context: &context)
                opened += 1
            }
            let n = epoll_wait(epfd, events, Self.eventsMax, pacing == nil ? 10 : 1)
            for i in 0..<Int(max(n, 0)) {
                let index = Int(events[i].data.u64)
                context.recorder.now = clock.nowNanos()
                handle(&slots[index], events: events[i].events, epfd: epfd, buffer: buffer, context: &context)
            }
            ready.store(context.recorder.ready, ordering: .relaxed)
            failed.store(context.recorder.failures + context.recorder.disconnects, ordering: .relaxed)
            delivered.store(context.recorder.deliveries, ordering: .relaxed)
        }
        let final = context.recorder
        result.withLock { $0 = final }
    }

    /// Whether connection `index` may open now: always, unless a schedule says it is not due yet.
    private func isDue(_ index: Int, since start: UInt64) -> Bool {
        guard let pacing else { return true }
        return clock.nowNanos() - start >= UInt64(pacing.dueSeconds(index) * 1e9)
    }

    private func open(_ slot: inout Slot, index: Int, epfd: Int32, context: inout M.Context) {
        slot.openedNanos = clock.nowNanos()
        do {
            let (fd, done) = try TCPSocket.connectNonBlocking(to: endpoint, source: sources[index % sources.count])
            slot.fd = fd
            slot.state = .connecting
            var event = epoll_event(events: EPOLLOUT.rawValue | EPOLLIN.rawValue, data: epoll_data_t(u64: UInt64(index)))
            epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
            if done { established(&slot, epfd: epfd, context: &context) }
        } catch {
            slot.state = .dead
            context.recorder.failed(error.description, afterReady: false)
        }
    }

    private func handle(_ slot: inout Slot, events: UInt32, epfd: Int32, buffer: UnsafeMutableRawBufferPointer,
                        context: inout M.Context) {
        switch slot.state {
        case .idle, .dead:
            return
        case .connecting:
            let code = TCPSocket.pendingError(slot.fd)
            guard code == 0 else { return kill(&slot, "connect: \(SystemError.text(code))", context: &context) }
            established(&slot, epfd: epfd, context: &context)
        case .open:
            if events & EPOLLOUT.rawValue != 0 { flush(&slot, epfd: epfd, context: &context) }
            guard slot.state == .open, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 else { return }
            read(&slot, epfd: epfd, buffer: buffer, context: &context)
        }
    }

    private func established(_ slot: inout Slot, epfd: Int32, context: inout M.Context) {
        slot.state = .open
        perform(slot.machine.connected(), &slot, epfd: epfd, context: &context)
    }

    private func read(_ slot: inout Slot, epfd: Int32, buffer: UnsafeMutableRawBufferPointer, context: inout M.Context) {
        let n = recv(slot.fd, buffer.baseAddress, buffer.count, 0)
        if n < 0, errno == EAGAIN || errno == EINTR { return }
        guard n > 0 else {
            return kill(&slot, n == 0 ? "the server closed the connection" : "recv: \(SystemError.text(errno))",
                        context: &context)
        }
        let readyBefore = context.recorder.ready
        let action = slot.machine.received(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), context: &context)
        if context.recorder.ready != readyBefore {
            slot.ready = true
            context.recorder.handshaken(openedNanos: slot.openedNanos)
        }
        perform(action, &slot, epfd: epfd, context: &context)
    }

    private func perform(_ action: SubscriberAction, _ slot: inout Slot, epfd: Int32, context: inout M.Context) {
        switch action {
        case .wait:
            if slot.unsent.isEmpty { watch(&slot, epfd: epfd, writable: false) }
        case .write:
            slot.unsent.append(contentsOf: slot.machine.takeOutbound())
            flush(&slot, epfd: epfd, context: &context)
        case .fail(let reason):
            kill(&slot, reason, context: &context)
        }
    }

    private func flush(_ slot: inout Slot, epfd: Int32, context: inout M.Context) {
        guard !slot.unsent.isEmpty else { return watch(&slot, epfd: epfd, writable: false) }
        let n = slot.unsent.withUnsafeBytes { send(slot.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n < 0 {
            guard errno == EAGAIN || errno == EINTR else {
                return kill(&slot, "send: \(SystemError.text(errno))", context: &context)
            }
        } else {
            slot.unsent.removeFirst(n)
        }
        watch(&slot, epfd: epfd, writable: !slot.unsent.isEmpty)
    }

    /// Asks epoll for writability only when it changes, so a read costs no extra system call.
    private func watch(_ slot: inout Slot, epfd: Int32, writable: Bool) {
        guard slot.writeWatched != writable, slot.state == .open else { return }
        slot.writeWatched = writable
        let mask = EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        var event = epoll_event(events: mask, data: epoll_data_t(u64: UInt64(slot.index)))
        epoll_ctl(epfd, EPOLL_CTL_MOD, slot.fd, &event)
    }

    private func kill(_ slot: inout Slot, _ reason: String, context: inout M.Context) {
        context.recorder.failed(reason, afterReady: slot.ready)
        close(slot.fd)
        slot.fd = -1
        slot.state = .dead
    }
}
