import CLoad
import Glibc

/// The epoll loop of one driver thread: many simulated users, each with one WebSocket (a `WebSocketSubscriber`
/// machine) and a `SimUser` machine whose REST calls share a few keep-alive connections. It activates users up
/// to the thread's target (at most `handshakesMax` upgrades in flight), starts each user's action when its think
/// time is over, queues the calls, hands them to idle connections, and records every reply into the step's stats.
/// Owned by its thread (`// driver thread only`); a plain struct in a local `var`, so the hot path takes no locks.
struct DriverLoop {
    static let handshakesMax = 128
    static let readBufferBytes = 256 << 10
    static let eventsMax: Int32 = 1024
    /// How long a user waits before it opens a WebSocket again after a failure or a drop.
    static let reconnectDelayNanos: UInt64 = 1_000_000_000

    enum SocketState { case off, connecting, open }

    struct User {
        var sim: SimUser
        let upgrade: [UInt8]
        let token: String
        var ws: WebSocketSubscriber
        var fd: Int32 = -1
        var socket = SocketState.off
        /// Bumped at every open, so events of a socket closed earlier in the same batch are told apart.
        var generation: UInt32 = 0
        var ready = false
        var writeWatched = true
        var unsent: [UInt8] = []
        var busy = false
    }

    /// A REST call waiting for, or on, a connection.
    struct Call {
        var user: Int
        var kind: RequestKind
        var bytes: [UInt8]
        var issuedNanos: UInt64
    }

    let setup: MattermostThread.Setup
    let host: String
    var users: [User]
    var context: SimContext
    var stats = StepStats()
    var events = WebSocketEvents()
    /// The event and gap counts already credited to earlier steps.
    var eventsCredited = 0
    var gapsCredited = 0
    var schedule = DueHeap()
    /// Calls waiting for a connection, oldest first from `queueHead`; each user has at most one.
    var queue: [Call] = []
    var queueHead = 0
    var connections: [RESTConnection] = []
    var idle: [Int] = []
    var active = 0
    var handshaking = 0
    var openCount = 0
    var epfd: Int32 = -1
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: DriverLoop.readBufferBytes, alignment: 16)

    init(members: [MattermostThread.Member], setup: MattermostThread.Setup) {
        self.setup = setup
        host = setup.endpoint.description
        users = members.map { m in
            let upgrade = WebSocketSubscriber.upgradeRequest(host: setup.endpoint.description, token: m.token)
            return User(sim: m.sim, upgrade: upgrade, token: m.token, ws: WebSocketSubscriber(request: upgrade))
        }
        let workload = MattermostWorkload(speedup: setup.speedup, random: SplitMix64(state: setup.seed))
        context = SimContext(workload: workload, channelIDs: setup.context.channelIDs, userIDs: setup.context.userIDs,
                             directTargets: setup.context.directTargets)
    }

    mutating func run(_ shared: MattermostThread) {
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epfd >= 0, "epoll_create1: errno \(errno)")
        let list = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(Self.eventsMax))
        defer {
            closeAll()
            list.deallocate()
            buffer.deallocate()
        }
        var taken = 0
        while !shared.stop.load(ordering: .relaxed) {
            var now = setup.clock.nowNanos()
            activate(upTo: min(shared.target.load(ordering: .relaxed), users.count), now: now)
            runDue(now: now)
            dispatch(now: now)
            let wait = schedule.nextDue.map { $0 > now ? min(($0 - now) / 1_000_000 + 1, 10) : 0 } ?? 10
            let n = epoll_wait(epfd, list, Self.eventsMax, Int32(wait))
            now = setup.clock.nowNanos()
            for i in 0..<Int(max(n, 0)) { handle(list[i], now: now) }
            shared.open.store(openCount, ordering: .relaxed)
            let requested = shared.stepRequested.load(ordering: .relaxed)
            if requested != taken {
                shared.handover.withLock { $0 = closeStep() }
                taken = requested
                shared.stepTaken.store(taken, ordering: .releasing)
            }
        }
    }

    /// This step's stats with the WebSocket counts since the last step; the next step starts empty.
    private mutating func closeStep() -> StepStats {
        let seen = events.recorder.otherEvents + events.recorder.deliveries
        stats.webSocketEvents = seen - eventsCredited
        stats.seqGaps = events.recorder.seqGaps - gapsCredited
        eventsCredited = seen
        gapsCredited = events.recorder.seqGaps
        defer { stats = StepStats() }
        return stats
    }

    /// Brings users online in order until `target` are, opening their WebSockets a bounded number at a time;
    /// each one's first action comes after a think time.
    private mutating func activate(upTo target: Int, now: UInt64) {
        while active < target, handshaking < Self.handshakesMax {
            let u = active
            active += 1
            openWebSocket(u, now: now)
            schedule.push(.init(due: context.workload.nextDue(now: now), user: Int32(u), task: .action))
        }
    }

    private mutating func runDue(now: UInt64) {
        while let entry = schedule.popDue(now: now) {
            let u = Int(entry.user)
            switch entry.task {
            case .reconnect:
                if users[u].socket == .off { openWebSocket(u, now: now) }
            case .action:
                precondition(!users[u].busy, "user \(u) began an action during another")
                let action = context.workload.nextAction()
                stats.actions[MattermostAction.allCases.firstIndex(of: action)!] += 1
                users[u].busy = true
                perform(users[u].sim.begin(action, context: &context), user: u, now: now)
            }
        }
    }

    /// Performs what a user's machine asked for.
    mutating func perform(_ step: SimUser.Step, user u: Int, now: UInt64) {
        switch step {
        case .request(let r):
            var bytes: [UInt8] = []
            RESTClient.encode(r.method, r.path, host: host, token: users[u].token, body: r.body, into: &bytes)
            precondition(queue.count - queueHead < users.count, "more queued calls than users")
            queue.append(Call(user: u, kind: r.kind, bytes: bytes, issuedNanos: now))
        case .reconnect:
            closeWebSocket(u, farewell: true)
            openWebSocket(u, now: now)
            finish(u, now: now)
        case .done:
            finish(u, now: now)
        }
    }

    private mutating func finish(_ u: Int, now: UInt64) {
        users[u].busy = false
        schedule.push(.init(due: context.workload.nextDue(now: now), user: Int32(u), task: .action))
    }

    /// epoll's data: bit 63 set for a REST connection, the generation in bits 32...62, the index below.
    static func token(rest: Bool, generation: UInt32, index: Int) -> UInt64 {
        (rest ? 1 << 63 : 0) | (UInt64(generation & 0x7FFF_FFFF) << 32) | UInt64(index)
    }

    private mutating func handle(_ event: epoll_event, now: UInt64) {
        let data = event.data.u64
        let index = Int(data & 0xFFFF_FFFF)
        let generation = UInt32((data >> 32) & 0x7FFF_FFFF)
        if data >> 63 == 1 {
            guard index < connections.count, connections[index].generation & 0x7FFF_FFFF == generation else { return }
            handleREST(index, events: event.events, now: now)
        } else {
            guard users[index].generation & 0x7FFF_FFFF == generation else { return }
            handleWebSocket(index, events: event.events, now: now)
        }
    }

    /// Sets whether epoll reports writability for `fd`, only when it changes. Static on purpose: a method on `self`
    /// called with `&users[u].writeWatched` makes Swift copy `self`, and with it the whole users array, per call.
    static func watch(_ epfd: Int32, _ fd: Int32, token: UInt64, writable: Bool, watched: inout Bool) {
        guard watched != writable else { return }
        watched = writable
        var event = epoll_event(events: EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0), data: epoll_data_t(u64: token))
        epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event)
    }

    /// Sends what a non-blocking socket takes of `unsent` and drops it from there; the failure when it is broken.
    static func sendSome(_ fd: Int32, _ unsent: inout [UInt8]) -> String? {
        let n = unsent.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n < 0 { return errno == EAGAIN || errno == EINTR ? nil : "send: \(SystemError.text(errno))" }
        unsent.removeFirst(n)
        return nil
    }

    private mutating func closeAll() {
        for u in users.indices where users[u].socket != .off { closeWebSocket(u, farewell: true) }
        for c in connections where c.fd >= 0 { close(c.fd) }
        if epfd >= 0 { close(epfd) }
    }
}
