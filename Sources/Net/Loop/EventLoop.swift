import CShims
import Glibc
import DequeModule
import Logging

/// One event loop: one thread, one driver (ring or epoll instance), one connection table. Nothing here is shared
/// with another thread except the mailbox and the published counters. Generic over the driver so the compiler
/// specialises the hot path for each.
final class EventLoop<Driver: IODriver> {
    let index: Int
    let driver: Driver                              // loop thread only
    let mailbox: LoopMailbox
    let stats: LoopStats
    let table: UnsafeMutablePointer<Connection>     // loop thread only; slots 0..<capacity
    let capacity: Int
    var freeSlots: [UInt32]
    var events: [IOEvent] = []
    var messages: [LoopMessage] = []
    var timers: TimerWheel
    var due: [UInt32] = []
    var toFlush: [UInt32] = []
    let listeners: [Int32]
    var acceptArmed: [Bool]
    var acceptResumeAtMs: Int64? = nil
    var reserveFD: Int32 = -1
    let config: NetConfiguration
    let handler: any HTTPHandler
    let renderError: HTTPErrorRenderer
    let tlsContext: TLSContext?
    let files: FileReader
    let logger: Logger
    let clock: any LoopClock
    var nowMs: Int64
    var counters = LoopCounters()
    var nextStreamID: UInt64 = 0
    var connectionsPerAddress: [PeerAddress: Int] = [:]   // loop thread only
    var running = true
    var shutdownDeadlineMs: Int64? = nil
    var scratch: [UInt8] = []                       // reused for encoding and decrypting; loop thread only
    var plaintext: [UInt8] = []
    var encodeBuffer: [UInt8] = []                  // one response or frame being encoded
    var bufferPool = BufferPool()                   // send buffers for reuse; loop thread only
    private var dateSecond = -1
    private(set) var dateString = ""

    init(index: Int, driver: Driver, mailbox: LoopMailbox, stats: LoopStats, listeners: [Int32], capacity: Int,
         config: NetConfiguration, handler: any HTTPHandler, renderError: @escaping HTTPErrorRenderer,
         tlsContext: TLSContext?, files: FileReader, logger: Logger, clock: any LoopClock) {
        precondition(capacity > 0 && capacity < Int(UInt32.max), "loop capacity \(capacity)")
        self.index = index
        self.driver = driver
        self.mailbox = mailbox
        self.stats = stats
        self.listeners = listeners
        acceptArmed = Array(repeating: false, count: listeners.count)
        self.capacity = capacity
        table = .allocate(capacity: capacity)
        table.initialize(repeating: Connection(), count: capacity)
        freeSlots = (0..<UInt32(capacity)).reversed()
        self.config = config
        self.handler = handler
        self.renderError = renderError
        self.tlsContext = tlsContext
        self.files = files
        self.logger = logger
        self.clock = clock
        nowMs = clock.monotonicMs()
        timers = TimerWheel(nowMs: nowMs)
        counters.driver = driver.name
        reserveFD = parley_open_devnull()
    }

    deinit {
        for i in 0..<capacity where table[i].phase != .free {
            _ = close(table[i].fd)
        }
        for i in 0..<capacity { table[i].sendInFlight = false; table[i].receiveArmed = false; table[i].release(pool: &bufferPool) }
        bufferPool.drain()
        table.deinitialize(count: capacity)
        table.deallocate()
        if reserveFD >= 0 { _ = close(reserveFD) }
    }

    /// Runs until shutdown completes. Must be called on the thread that created the driver.
    func run() {
        mailbox.bindToCurrentThread()
        mailbox.setLocalHandler { [unowned self] message in self.handle(message) }
        for i in listeners.indices { armAccept(i) }
        driver.armWake(eventFD: mailbox.eventFD)
        publishCounters()
        while running {
            turn()
        }
        for fd in listeners { _ = close(fd) }
        mailbox.setLocalHandler(nil)
        publishCounters()
    }

    /// One loop turn: wait, dispatch completions, drain the inbox, fire timers, flush every connection once.
    func turn() {
        let timeout = nextTimeoutMs()
        events.removeAll(keepingCapacity: true)
        driver.wait(timeoutMs: timeout, into: &events)
        nowMs = clock.monotonicMs()
        for e in events { dispatch(e) }
        drainMailbox()
        fireTimers()
        flushAll()
        counters.turns += 1
        publishCounters()
        if let deadline = shutdownDeadlineMs {
            if counters.openConnections == 0 { running = false }
            else if nowMs >= deadline { closeEverything() }
        }
    }

    private func nextTimeoutMs() -> Int {
        if !mailbox.isEmpty { return 0 }
        var t = timers.millisecondsUntilNext(nowMs: clock.monotonicMs()) ?? -1
        if let resume = acceptResumeAtMs { t = minTimeout(t, max(0, resume - nowMs)) }
        if let deadline = shutdownDeadlineMs { t = minTimeout(t, max(0, deadline - nowMs)) }
        return Int(t)
    }

    private func minTimeout(_ a: Int64, _ b: Int64) -> Int64 { a < 0 ? b : min(a, b) }

    @inline(__always)
    func isCurrent(_ slot: UInt32, _ generation: UInt32) -> Bool {
        Int(slot) < capacity && table[Int(slot)].generation == generation && table[Int(slot)].phase != .free
    }

    private func dispatch(_ event: IOEvent) {
        switch event {
        case let .accepted(fd, listener, rearm):
            accepted(fd: fd, listener: listener, rearm: rearm)
        case let .acceptFailed(code, listener, rearm):
            acceptFailed(errno: code, listener: listener, rearm: rearm)
        case let .received(slot, generation, bytes, buffer):
            if isCurrent(slot, generation) {
                received(Int(slot), bytes)
            } else {
                counters.staleCompletions += 1
            }
            driver.recycle(buffer: buffer)
        case let .receiveEnded(slot, generation, result):
            if isCurrent(slot, generation) { receiveEnded(Int(slot), result: result) } else { counters.staleCompletions += 1 }
        case let .sent(slot, generation, result):
            if isCurrent(slot, generation) { sent(Int(slot), result: result) } else { counters.staleCompletions += 1 }
        case let .wake(rearm):
            mailbox.acknowledgeWake()
            if rearm { driver.armWake(eventFD: mailbox.eventFD) }
        }
    }

    /// Runs everything other threads (and this one) queued. Work queued while draining runs in the same turn, a
    /// bounded number of rounds, so a handler that answers at once still leaves in this turn's send.
    private func drainMailbox() {
        for _ in 0..<8 {
            mailbox.drain(into: &messages)
            if messages.isEmpty { return }
            for m in messages { handle(m) }
            messages.removeAll(keepingCapacity: true)
        }
    }

    func handle(_ message: LoopMessage) {
        switch message {
        case let .respond(slot, generation, sequence, response):
            guard isCurrent(slot, generation) else { return }
            deliver(Int(slot), sequence: sequence, response: response)
        case let .upgrade(slot, generation, sequence, handler, extraHeaders):
            guard isCurrent(slot, generation) else { return }
            upgrade(Int(slot), sequence: sequence, handler: handler, extraHeaders: extraHeaders.pairs)
        case let .webSocketSend(slot, generation, frame):
            guard isCurrent(slot, generation) else { return }
            webSocketSend(Int(slot), frame: frame)
        case let .webSocketClose(slot, generation, code, reason):
            guard isCurrent(slot, generation) else { return }
            webSocketClose(Int(slot), code: code, reason: reason)
        case let .fileChunk(slot, generation, stream, chunk):
            guard isCurrent(slot, generation) else {
                if !chunk.isLast { files.cancel(stream) }
                return
            }
            fileChunk(Int(slot), stream: stream, chunk: chunk)
        case let .streamPiece(slot, generation, stream, bytes):
            guard isCurrent(slot, generation) else { return }
            streamPiece(Int(slot), stream: stream, bytes: bytes)
        case let .run(work):
            work()
        case let .outlet(work):
            work(WebSocketOutlet(sink: self))
        case .beginShutdown:
            beginShutdown()
        }
    }

    /// The cached IMF-fixdate for the Date header, refreshed at most once a second.
    func currentDate() -> String {
        let s = clock.wallSeconds()
        if s != dateSecond {
            dateSecond = s
            dateString = HTTPDate.format(epochSeconds: s)
        }
        return dateString
    }

    func publishCounters() {
        counters.receiveBufferBytesHeld = driver.receiveBufferBytesHeld
        stats.publish(counters)
    }
}
