import Actors
import Foundation
import Net
import Synchronization

/// The fan-out (DESIGN.md §2): one thread that takes durable events from the actors' outbox in order, applies
/// their membership changes to the `FanoutIndex`, encodes each event once and hands it to every loop that has
/// recipients, once, with their list. Sockets opening, closing and resuming reach it through its own bounded
/// inbox; presence changes and the expiry of held connections are checked on its tick.
final class EventHub: @unchecked Sendable {
    enum Message: Sendable {
        case opened(EventFeed, WebSocketChannel)
        case closed(EventFeed, WebSocketChannel, code: UInt16?)
        case resume(ChatWebSocket, WebSocketChannel, connectionID: String, seq: Int64)
        case discard(EventFeed)
        case typing(user: ID, channel: ID, parent: String)
        /// An event the Server derives (not a record's): published in arrival order.
        case publish(ChatEvent)
    }

    static let inboxMax = 65_536
    static let tickMillis = 250
    /// How often a hub holding events back looks again whether the sockets have drained.
    static let pausedPollMillis = 25

    let runtime: ChatRuntime
    let config: ConfigStore
    let limits: RealtimeLimits
    let budget: ResumeBudget
    let unsent: UnsentBytes
    private let condition = NSCondition()
    private var inbox: [Message] = []     // guarded by condition
    private var woken = false             // guarded by condition
    private var stopping = false          // guarded by condition
    private var thread: Thread?

    // The hub thread's own state.
    private var index = FanoutIndex<EventFeed, WebSocketLoop>()
    private var presenceReleased = Set<ObjectIdentifier>()
    private var lastStatus: [ID: String] = [:]
    private var lastTyping: [String: Int64] = [:]
    private var taken: [ChatEvent] = []
    private var takenNext = 0
    private var lastRefresh: Int64 = 0
    private var lastTick: Int64 = 0
    private let published = Atomic<Int>(0)

    init(runtime: ChatRuntime, config: ConfigStore, limits: RealtimeLimits) {
        self.runtime = runtime
        self.config = config
        self.limits = limits
        budget = ResumeBudget(limit: limits.resumeBytesTotalMax)
        unsent = UnsentBytes(limit: limits.sendBytesTotalMax)
    }

    /// Loads who is a member of what from the recovered actors, attaches to the outbox and starts the thread.
    /// Called before serving, while nothing else mutates.
    func start() async {
        for channel in runtime.allChannels {
            let (s, _) = await channel.capture()
            guard let c = s.channel else { continue }
            index.apply(.channelJoined(c.id, users: Array(s.members.keys), kind: c.kind, teamID: c.teamID))
        }
        for team in runtime.allTeams {
            let (s, _) = await team.capture()
            for (user, m) in s.members where m.deleteAt == 0 { index.apply(.teamJoined(s.id, user: user)) }
        }
        runtime.outbox.attach { [weak self] in self?.wake() }
        let t = Thread { [self] in run() }
        t.name = "parley-events"
        thread = t
        t.start()
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Queues a message for the hub thread. False when its inbox is full (the caller answers "busy").
    @discardableResult
    func send(_ m: Message) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard inbox.count < Self.inboxMax else { return false }
        inbox.append(m)
        woken = true
        condition.signal()
        return true
    }

    private func wake() {
        condition.lock()
        woken = true
        condition.signal()
        condition.unlock()
    }

    /// Events handed to loops since start (for tests and the load tool).
    var publishedCount: Int { published.load(ordering: .relaxed) }

    // MARK: The thread

    private func run() {
        var messages: [Message] = []
        while true {
            condition.lock()
            while !woken && !stopping {
                let waitMillis = takenNext < taken.count ? Self.pausedPollMillis : Self.tickMillis
                if !condition.wait(until: Date(timeIntervalSinceNow: Double(waitMillis) / 1000)) { break }
            }
            if stopping { condition.unlock(); return }
            woken = false
            swap(&messages, &inbox)
            condition.unlock()
            for m in messages { handle(m) }
            messages.removeAll(keepingCapacity: true)
            // Back-pressure: while every socket together holds more than half the global cap unsent, events wait
            // in the outbox (bounded: writers hear "busy" once it is full) instead of piling up in send queues.
            // The check is made before each event, not once per batch: a batch of pipelined posts fanned out to
            // thousands would otherwise pass the cap many times over in one go. What is left waits here, in order.
            if takenNext == taken.count {
                taken.removeAll(keepingCapacity: true)
                takenNext = 0
                runtime.outbox.take(into: &taken)
            }
            while takenNext < taken.count, unsent.value <= limits.sendBytesTotalMax / 2 {
                publish(taken[takenNext])
                takenNext += 1
            }
            let now = runtime.clock.nowMillis()
            if takenNext < taken.count, now - lastRefresh >= Int64(Self.pausedPollMillis) {
                // Held back: re-read the sockets often, so sending resumes soon after they drain.
                lastRefresh = now
                refreshUnsent()
            }
            if now - lastTick >= Int64(Self.tickMillis) {
                lastTick = now
                tick(now)
            }
        }
    }

    private func handle(_ m: Message) {
        switch m {
        case let .opened(feed, socket):
            index.add(feed, on: socket.loop)
            runtime.presence.connection(feed.userID, opened: true)
            noteStatus(feed.userID)
        case let .closed(feed, socket, code):
            guard feed.detach(socket, at: runtime.clock.nowMillis()) else { return }
            // A client that said goodbye (1000, 1001) will not resume: its feed goes at once instead of being
            // held, and fanned out to, for the resume window. A drop without a close frame is held.
            if code == WebSocketCloseCode.normal || code == WebSocketCloseCode.goingAway { forget(feed) }
        case let .resume(handler, socket, connectionID, seq):
            resume(handler, socket, connectionID: connectionID, seq: seq)
        case let .discard(feed):
            forget(feed)
        case let .publish(event):
            publish(event)
        case let .typing(user, channel, parent):
            guard index.isMember(user, of: channel) else { return }
            let key = "\(user)\(channel)\(parent)"
            let now = runtime.clock.nowMillis()
            if let last = lastTyping[key], now - last < limits.typingIntervalMillis { return }
            if lastTyping.count > 100_000 { lastTyping.removeAll() }
            lastTyping[key] = now
            publish(ChatEvent(.typing, to: .channel(channel), broadcast: .init(channelID: channel, omitUser: user),
                              .fields([("parent_id", .string(parent)), ("user_id", .string(user.description))])))
        }
    }

    /// Applies `e`'s membership changes, then hands its one encoding to each loop with recipients.
    private func publish(_ e: ChatEvent) {
        for change in e.membership {
            index.apply(change)
            switch change {
            case .signedOut(let user):
                for feed in index.feeds(of: user) { end(feed) }
            case .sessionsEnded(let tokens):
                let ended = Set(tokens)
                for feed in index.allFeeds where feed.token.map(ended.contains) == true { end(feed) }
            default:
                break
            }
        }
        if case let .fields(f) = e.body, e.name == .statusChange, let user = e.broadcast.userID {
            if case let .string(status)? = f.first(where: { $0.0 == "status" })?.1 { lastStatus[user] = status }
        }
        let groups = index.recipients(e.audience)
        guard !groups.isEmpty else { return }
        let frame = EventEncoder.frame(e, config: config.current)
        let frameBytes = frame.payloadLength(seq: 0, mentioned: false, admin: false)
        for (loop, feeds) in groups {
            var attempts = 0
            // Bytes handed to a loop count as unsent until it has queued them (then each socket's own figure takes
            // over), so the hub's back-pressure also covers events still waiting in the loops' inboxes.
            let handed = frameBytes * feeds.count
            unsent.adjust(handed)
            let unsent = self.unsent
            // The group is captured as it is (copy on write): no per-recipient work on this thread.
            while !loop.run({ outlet in
                for feed in feeds.values { feed.deliver(frame, outlet: outlet, loop: loop) }
                unsent.adjust(-handed)
            }) {
                // The loop's inbox is full: wait for it rather than drop an event (bounded by the loop draining).
                attempts += 1
                usleep(attempts < 100 ? 100 : 1000)
            }
        }
        published.add(1, ordering: .relaxed)
    }

    /// A signed-out user's connection: closed, nothing kept.
    private func end(_ feed: EventFeed) {
        feed.socket?.close(code: WebSocketCloseCode.policyViolation, reason: "session ended")
        forget(feed)
    }

    private func forget(_ feed: EventFeed) {
        guard index.feed(id: feed.id) === feed else { return }
        index.remove(feed)
        feed.discard()
        if presenceReleased.remove(ObjectIdentifier(feed)) == nil { runtime.presence.connection(feed.userID, opened: false) }
        noteStatus(feed.userID)
    }

    /// A socket authenticated at upgrade asks for `connectionID` from `seq` on (notes §5.6). The decision is taken
    /// on the new socket's loop, under the connection's lock, so no event can slip between replay and live.
    private func resume(_ handler: ChatWebSocket, _ socket: WebSocketChannel, connectionID: String, seq: Int64) {
        guard let user = handler.userID else { return }
        guard let feed = index.feed(id: connectionID), feed.userID == user, feed.detachedSince != nil else {
            socket.onLoop { handler.startFresh(socket) }
            return
        }
        index.add(feed, on: socket.loop)
        if presenceReleased.remove(ObjectIdentifier(feed)) != nil { runtime.presence.connection(user, opened: true) }
        let hub = self
        socket.loop.run { outlet in
            switch feed.resume(on: socket, from: seq, outlet: outlet) {
            case .resumed:
                handler.adopt(feed)
            case .refused:
                hub.send(.discard(feed))
                handler.startFresh(socket)
            }
        }
    }

    // MARK: Tick

    private func tick(_ now: Int64) {
        for feed in index.allFeeds {
            guard let since = feed.detachedSince else { continue }
            let key = ObjectIdentifier(feed)
            if now - since >= limits.offlineGraceMillis, !presenceReleased.contains(key) {
                presenceReleased.insert(key)
                runtime.presence.connection(feed.userID, opened: false)
            }
            if now - since >= limits.retainMillis || feed.isLost { forget(feed) }
        }
        for user in Set(index.userFeeds.keys).union(lastStatus.keys) { noteStatus(user) }
        if unsent.value > 0 { refreshUnsent() }
    }

    /// Asks each loop for its sockets' exact unsent bytes, so the estimate falls as they drain even when no event
    /// comes (and lagging sockets are cut while all together pass the global cap).
    private func refreshUnsent() {
        for (loop, feeds) in index.recipients(.everyone) {
            loop.run { outlet in for feed in feeds.values { feed.refresh(outlet: outlet, loop: loop) } }
        }
    }

    /// Sends `status_change` when the user's presence differs from what was last announced.
    private func noteStatus(_ user: ID) {
        let status = runtime.presence.status(of: user)
        let before = lastStatus[user] ?? "offline"
        if status == "offline" { lastStatus[user] = nil } else { lastStatus[user] = status }
        guard status != before else { return }
        publish(ChatEvent(.statusChange, to: .partners(user),
                          .fields([("status", .string(status)), ("user_id", .string(user.description))])))
    }
}
