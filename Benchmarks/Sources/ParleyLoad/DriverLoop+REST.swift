import CLoad
import Glibc

/// The users' REST calls: queued in order, each handed to an idle keep-alive connection (or a new one, up to the
/// thread's share of the pool), its reply framed with `HTTPResponseFraming` and given to the user's machine.
extension DriverLoop {
    /// Hands queued calls to idle connections, opening connections while the pool has room.
    mutating func dispatch(now: UInt64) {
        while queueHead < queue.count {
            let call = queue[queueHead]
            if let c = idle.popLast() {
                connections[c].state = .busy
                connections[c].call = call
                connections[c].unsent = call.bytes
                flushREST(c, now: now)
            } else if connections.count < setup.connectionsMax {
                openREST(with: call, now: now)
            } else {
                break
            }
            queueHead += 1
        }
        if queueHead > 4096, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    private mutating func openREST(with call: Call, now: UInt64) {
        let index = connections.count
        do {
            let (fd, done) = try TCPSocket.connectNonBlocking(to: setup.endpoint, source: setup.sources[index % setup.sources.count])
            connections.append(RESTConnection(fd: fd, generation: 1, call: call, unsent: call.bytes))
            var event = epoll_event(events: EPOLLOUT.rawValue | EPOLLIN.rawValue,
                                    data: epoll_data_t(u64: Self.token(rest: true, generation: 1, index: index)))
            epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
            if done {
                connections[index].state = .busy
                flushREST(index, now: now)
            }
        } catch {
            complete(call, status: nil, failure: error.description, body: UnsafeRawBufferPointer(start: nil, count: 0), now: now)
        }
    }

    mutating func handleREST(_ c: Int, events: UInt32, now: UInt64) {
        switch connections[c].state {
        case .connecting:
            let code = TCPSocket.pendingError(connections[c].fd)
            guard code == 0 else { return breakREST(c, "connect: \(SystemError.text(code))", now: now) }
            guard connections[c].call != nil else {
                connections[c].state = .idle
                idle.append(c)
                return watchREST(c, writable: false)
            }
            connections[c].state = .busy
            flushREST(c, now: now)
        case .idle, .busy:
            if events & EPOLLOUT.rawValue != 0 { flushREST(c, now: now) }
            if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { readREST(c, now: now) }
        }
    }

    private mutating func flushREST(_ c: Int, now: UInt64) {
        guard connections[c].fd >= 0, !connections[c].unsent.isEmpty else { return watchREST(c, writable: false) }
        if let failure = Self.sendSome(connections[c].fd, &connections[c].unsent) { return breakREST(c, failure, now: now) }
        watchREST(c, writable: !connections[c].unsent.isEmpty)
    }

    private mutating func watchREST(_ c: Int, writable: Bool) {
        guard connections[c].fd >= 0 else { return }
        let token = Self.token(rest: true, generation: connections[c].generation, index: c)
        Self.watch(epfd, connections[c].fd, token: token, writable: writable, watched: &connections[c].writeWatched)
    }

    private mutating func readREST(_ c: Int, now: UInt64) {
        guard connections[c].fd >= 0 else { return }
        let n = recv(connections[c].fd, buffer.baseAddress, buffer.count, 0)
        if n < 0, errno == EAGAIN || errno == EINTR { return }
        guard n > 0 else {
            return breakREST(c, n == 0 ? "the server closed the connection" : "recv: \(SystemError.text(errno))", now: now)
        }
        guard connections[c].state == .busy, let call = connections[c].call else {
            return breakREST(c, "bytes on an idle connection", now: now)
        }
        var stream = connections[c].stream
        connections[c].stream = StreamBuffer(bytesMax: 0)
        var done = false
        var broken: String?
        let kept = stream.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { bytes in
            switch HTTPResponseFraming.parse(bytes) {
            case .needMore:
                return 0
            case .invalid(let why):
                broken = why
                return bytes.count
            case .response(let head, let body, let end):
                done = true
                let ok = head.status == call.kind.expectedStatus
                let failure = ok ? nil : "HTTP \(head.status) " + String(decoding: bytes[body].prefix(100), as: UTF8.self)
                connections[c].call = nil
                complete(call, status: head.status, failure: failure, body: UnsafeRawBufferPointer(rebasing: bytes[body]), now: now)
                return end
            }
        }
        connections[c].stream = stream
        if let broken { return breakREST(c, broken, now: now) }
        guard kept else { return breakREST(c, "a reply too large", now: now) }
        guard done else { return }
        guard stream.pending.isEmpty else { return breakREST(c, "bytes past the reply", now: now) }
        connections[c].state = .idle
        idle.append(c)
    }

    /// Records the call's outcome and lets its user go on.
    private mutating func complete(_ call: Call, status: Int?, failure: String?, body: UnsafeRawBufferPointer, now: UInt64) {
        let micros = (now >= call.issuedNanos ? now - call.issuedNanos : 0) / 1000
        stats.request(call.kind, micros: micros, failure: failure)
        let next = users[call.user].sim.responded(ok: failure == nil, body: body, context: &context)
        perform(next, user: call.user, now: now)
    }

    /// A connection that broke fails its call (if any) and is replaced by a fresh one in the same slot.
    private mutating func breakREST(_ c: Int, _ reason: String, now: UInt64) {
        close(connections[c].fd)
        connections[c].fd = -1
        if let i = idle.firstIndex(of: c) { idle.remove(at: i) }
        let call = connections[c].call
        connections[c].call = nil
        let generation = connections[c].generation &+ 1
        do {
            let (fd, done) = try TCPSocket.connectNonBlocking(to: setup.endpoint, source: setup.sources[c % setup.sources.count])
            connections[c] = RESTConnection(fd: fd, generation: generation)
            connections[c].state = done ? .idle : .connecting
            var event = epoll_event(events: EPOLLOUT.rawValue | EPOLLIN.rawValue,
                                    data: epoll_data_t(u64: Self.token(rest: true, generation: generation, index: c)))
            epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
            if done { idle.append(c) }
        } catch {
            connections[c].generation = generation
        }
        if let call { complete(call, status: nil, failure: reason, body: UnsafeRawBufferPointer(start: nil, count: 0), now: now) }
    }
}
