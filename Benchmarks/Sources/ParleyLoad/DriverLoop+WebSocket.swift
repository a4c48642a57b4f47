import CLoad
import Glibc

/// The users' WebSockets: open (counted while the upgrade is in flight), read events through the
/// `WebSocketSubscriber` machine, answer pings, and reopen after a drop.
extension DriverLoop {
    mutating func openWebSocket(_ u: Int, now: UInt64) {
        users[u].ws = WebSocketSubscriber(request: users[u].upgrade)
        users[u].generation &+= 1
        users[u].ready = false
        users[u].unsent = []
        users[u].writeWatched = true
        do {
            let (fd, done) = try TCPSocket.connectNonBlocking(to: setup.endpoint, source: setup.sources[u % setup.sources.count])
            users[u].fd = fd
            users[u].socket = .connecting
            handshaking += 1
            var event = epoll_event(events: EPOLLOUT.rawValue | EPOLLIN.rawValue,
                                    data: epoll_data_t(u64: Self.token(rest: false, generation: users[u].generation, index: u)))
            epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
            if done { established(u, now: now) }
        } catch {
            stats.webSocketFailed(error.description, afterReady: false)
            schedule.push(.init(due: now + Self.reconnectDelayNanos, user: Int32(u), task: .reconnect))
        }
    }

    /// Closes the user's WebSocket; `farewell` sends a close frame first, as a client that leaves on purpose does.
    mutating func closeWebSocket(_ u: Int, farewell: Bool) {
        guard users[u].socket != .off else { return }
        if farewell, users[u].socket == .open, users[u].ready {
            let bye = users[u].ws.farewell
            _ = bye.withUnsafeBytes { send(users[u].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        }
        close(users[u].fd)
        users[u].fd = -1
        if users[u].ready { openCount -= 1 } else { handshaking -= 1 }
        users[u].socket = .off
        users[u].ready = false
    }

    mutating func handleWebSocket(_ u: Int, events: UInt32, now: UInt64) {
        switch users[u].socket {
        case .off:
            return
        case .connecting:
            let code = TCPSocket.pendingError(users[u].fd)
            guard code == 0 else { return failWebSocket(u, "connect: \(SystemError.text(code))", now: now) }
            established(u, now: now)
        case .open:
            if events & EPOLLOUT.rawValue != 0 { flushWebSocket(u, now: now) }
            guard users[u].socket == .open, events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 else { return }
            readWebSocket(u, now: now)
        }
    }

    private mutating func established(_ u: Int, now: UInt64) {
        users[u].socket = .open
        performWebSocket(users[u].ws.connected(), u, now: now)
    }

    private mutating func readWebSocket(_ u: Int, now: UInt64) {
        let n = recv(users[u].fd, buffer.baseAddress, buffer.count, 0)
        if n < 0, errno == EAGAIN || errno == EINTR { return }
        guard n > 0 else {
            return failWebSocket(u, n == 0 ? "the server closed the connection" : "recv: \(SystemError.text(errno))", now: now)
        }
        events.recorder.now = now
        let action = users[u].ws.received(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), context: &events)
        if !users[u].ready, users[u].ws.isReady {
            users[u].ready = true
            handshaking -= 1
            openCount += 1
            stats.webSocketConnects += 1
        }
        performWebSocket(action, u, now: now)
    }

    private mutating func performWebSocket(_ action: SubscriberAction, _ u: Int, now: UInt64) {
        switch action {
        case .wait:
            if users[u].unsent.isEmpty { watchWebSocket(u, writable: false) }
        case .write:
            users[u].unsent.append(contentsOf: users[u].ws.takeOutbound())
            flushWebSocket(u, now: now)
        case .fail(let reason):
            failWebSocket(u, reason, now: now)
        }
    }

    private mutating func flushWebSocket(_ u: Int, now: UInt64) {
        guard !users[u].unsent.isEmpty else { return watchWebSocket(u, writable: false) }
        if let failure = Self.sendSome(users[u].fd, &users[u].unsent) { return failWebSocket(u, failure, now: now) }
        watchWebSocket(u, writable: !users[u].unsent.isEmpty)
    }

    private mutating func watchWebSocket(_ u: Int, writable: Bool) {
        guard users[u].socket == .open else { return }
        let token = Self.token(rest: false, generation: users[u].generation, index: u)
        Self.watch(epfd, users[u].fd, token: token, writable: writable, watched: &users[u].writeWatched)
    }

    /// A WebSocket that failed or dropped counts against health, and the user opens a new one after a pause.
    private mutating func failWebSocket(_ u: Int, _ reason: String, now: UInt64) {
        stats.webSocketFailed(reason, afterReady: users[u].ready)
        closeWebSocket(u, farewell: false)
        schedule.push(.init(due: now + Self.reconnectDelayNanos, user: Int32(u), task: .reconnect))
    }
}
