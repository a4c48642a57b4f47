import CLoad
import Glibc

/// Sends `messages` stamped requests over a few keep-alive connections from one thread (epoll), on a
/// `PublishSchedule`, and counts the replies. Requests for one connection made in the same turn leave in one
/// write, as a pipelining client sends them.
struct Publisher<W: PublishWire>: ~Copyable {
    struct Connection {
        var fd: Int32
        var unsent: [UInt8] = []
        var stream = StreamBuffer(bytesMax: 4 << 20)
        var outstanding = 0
    }

    let wire: W
    let schedule: PublishSchedule
    let messages: Int
    let clock: any LoadClock
    /// The publisher gives up when no reply arrived for this long.
    let stallNanosMax: UInt64
    private var connections: [Connection] = []
    private var result = PublishResult()
    private let epfd: Int32
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)

    init(wire: W, endpoint: Endpoint, connections count: Int, messages: Int, schedule: PublishSchedule,
         clock: any LoadClock, stallSeconds: Double) throws(TCPSocket.Failure) {
        self.wire = wire
        self.schedule = schedule
        self.messages = messages
        self.clock = clock
        stallNanosMax = UInt64(stallSeconds * 1e9)
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        for index in 0..<max(count, 1) {
            let fd = try TCPSocket.connectBlocking(to: endpoint, timeoutSeconds: 10)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: UInt64(index)))
            epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
            connections.append(Connection(fd: fd, unsent: wire.preamble))
        }
    }

    deinit {
        for c in connections { close(c.fd) }
        close(epfd)
        readBuffer.deallocate()
    }

    /// Publishes everything and waits for every reply (or a stall); the result says what happened.
    consuming func run() -> PublishResult {
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: connections.count)
        defer { events.deallocate() }
        var lastProgress = clock.nowNanos()
        result.firstSendNanos = lastProgress
        while result.replies.ok + result.replies.errors < messages, result.failure == nil {
            let now = clock.nowNanos()
            enqueueDue(now: now)
            for index in connections.indices where !connections[index].unsent.isEmpty { flush(index) }
            let answered = result.replies.ok + result.replies.errors
            let n = wait(events, timeoutNanos: nextWakeNanos(now: clock.nowNanos()))
            for i in 0..<Int(max(n, 0)) { read(Int(events[i].data.u64)) }
            if result.replies.ok + result.replies.errors > answered {
                lastProgress = clock.nowNanos()
            } else if clock.nowNanos() - lastProgress > stallNanosMax {
                result.failure = "no reply for \(stallNanosMax / 1_000_000_000) s with \(outstandingTotal) outstanding"
            }
            if let broken = result.replies.broken { result.failure = broken }
        }
        return result
    }

    private var outstandingTotal: Int { connections.reduce(0) { $0 + $1.outstanding } }

    /// Appends every request that is due and fits under the outstanding bound, to the least busy connection.
    private mutating func enqueueDue(now: UInt64) {
        var outstanding = outstandingTotal
        while result.sent < messages, outstanding < schedule.outstandingMax {
            let due = result.firstSendNanos + schedule.dueOffsetNanos(result.sent)
            guard due <= now else { break }
            var target = 0
            for index in connections.indices where connections[index].outstanding < connections[target].outstanding {
                target = index
            }
            let stampNow = clock.nowNanos()
            wire.appendRequest(index: result.sent, now: stampNow, into: &connections[target].unsent)
            connections[target].outstanding += 1
            outstanding += 1
            result.sent += 1
            result.lastSendNanos = stampNow
            if case .rate = schedule { result.lagNanosMax = max(result.lagNanosMax, stampNow - due) }
        }
    }

    /// How long epoll may sleep: until the next message is due at a fixed rate, else until a reply comes.
    private func nextWakeNanos(now: UInt64) -> UInt64 {
        let idle: UInt64 = 50_000_000
        guard case .rate = schedule, result.sent < messages, outstandingTotal < schedule.outstandingMax else { return idle }
        let due = result.firstSendNanos + schedule.dueOffsetNanos(result.sent)
        return due > now ? min(due - now, idle) : 0
    }

    private func wait(_ events: UnsafeMutablePointer<epoll_event>, timeoutNanos: UInt64) -> Int32 {
        var timeout = timespec(tv_sec: Int(timeoutNanos / 1_000_000_000), tv_nsec: Int(timeoutNanos % 1_000_000_000))
        return epoll_pwait2(epfd, events, Int32(connections.count), &timeout, nil)
    }

    private mutating func flush(_ index: Int) {
        let n = connections[index].unsent.withUnsafeBytes {
            send(connections[index].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
        if n < 0 {
            if errno != EAGAIN && errno != EINTR { result.failure = "send: \(SystemError.text(errno))" }
            return
        }
        connections[index].unsent.removeFirst(n)
        let mask = EPOLLIN.rawValue | (connections[index].unsent.isEmpty ? 0 : EPOLLOUT.rawValue)
        var event = epoll_event(events: mask, data: epoll_data_t(u64: UInt64(index)))
        if !connections[index].unsent.isEmpty || n > 0 { epoll_ctl(epfd, EPOLL_CTL_MOD, connections[index].fd, &event) }
    }

    private mutating func read(_ index: Int) {
        if !connections[index].unsent.isEmpty { flush(index) }
        let n = recv(connections[index].fd, readBuffer.baseAddress, readBuffer.count, 0)
        if n < 0, errno == EAGAIN || errno == EINTR { return }
        guard n > 0 else {
            result.failure = n == 0 ? "the server closed a publishing connection" : "recv: \(SystemError.text(errno))"
            return
        }
        var tally = result.replies
        let before = tally.ok + tally.errors
        let input = UnsafeRawBufferPointer(rebasing: readBuffer[0..<n])
        let kept = connections[index].stream.feed(input) { wire.readReplies($0, tally: &tally) }
        connections[index].outstanding -= tally.ok + tally.errors - before
        result.replies = tally
        result.lastReplyNanos = clock.nowNanos()
        if !kept { result.failure = "a reply longer than 4 MiB" }
    }
}
