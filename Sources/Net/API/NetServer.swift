import CShims
import Glibc
import Logging
import Synchronization

/// The network layer's front door: binds, starts one event loop thread per configured loop, and shuts down
/// gracefully (stop accepting, finish what is in progress, close).
public final class NetServer: Sendable {
    public enum StartError: Error, CustomStringConvertible {
        case listen(String)
        case driver(String)
        case tls(String)
        public var description: String {
            switch self {
            case .listen(let s): "cannot listen: \(s)"
            case .driver(let s): "cannot start the event loop: \(s)"
            case .tls(let s): "cannot set up TLS: \(s)"
            }
        }
    }

    private let configuration: NetConfiguration
    private let handler: any HTTPHandler
    private let renderError: HTTPErrorRenderer
    private let logger: Logger
    private let clock: any LoopClock
    private let running = Mutex<Running?>(nil)

    private struct Running: @unchecked Sendable {
        var threads: [LoopThread]
        var mailboxes: [LoopMailbox]
        var stats: [LoopStats]
        var address: SocketAddress
        var driverName: String
        var fallbackReason: String?
        var files: FileReader
    }

    public init(configuration: NetConfiguration, handler: any HTTPHandler,
                errorRenderer: @escaping HTTPErrorRenderer, logger: Logger, clock: any LoopClock = SystemLoopClock()) {
        self.configuration = configuration
        self.handler = handler
        renderError = errorRenderer
        self.logger = logger
        self.clock = clock
    }

    /// Binds and starts the loops; returns the bound address (the real port when 0 was asked for).
    public func start() throws(StartError) -> SocketAddress {
        parley_ignore_sigpipe()
        let cfg = configuration
        let loopCount = max(1, cfg.loopCount)
        let tlsContext: TLSContext?
        do {
            tlsContext = try cfg.tls.map { try TLSContext($0) }
        } catch {
            throw .tls("\(error)")
        }
        let listen: (fds: [Int32], address: SocketAddress)
        do {
            listen = try ListenSocket.open(host: cfg.host, port: cfg.port, count: loopCount, backlog: cfg.listenBacklog)
        } catch {
            throw .listen(error.description)
        }
        let (choice, fallbackReason) = LoopFactory.choose(cfg.driver)
        let files = FileReader()
        var threads: [LoopThread] = []
        var mailboxes: [LoopMailbox] = []
        var stats: [LoopStats] = []
        var driverName = ""
        for index in 0..<loopCount {
            let mailbox = LoopMailbox(capacity: cfg.inboxMessagesMax)
            let stat = LoopStats()
            let ready = StartSignal()
            let spec = LoopFactory.Spec(index: index, choice: choice, mailbox: mailbox, stats: stat,
                                        listeners: [listen.fds[index]], capacity: max(1, cfg.connectionsMax / loopCount),
                                        config: cfg, handler: handler, renderError: renderError,
                                        tlsContext: tlsContext, files: files, logger: logger, clock: clock)
            let thread = LoopThread(name: "parley-loop-\(index)") {
                LoopFactory.runLoop(spec, ready: ready)
            }
            switch ready.wait() {
            case .success(let name):
                driverName = name
            case .failure(let message):
                for m in mailboxes { m.push(.beginShutdown) }
                for t in threads { t.join() }
                thread.join()
                for fd in listen.fds { _ = close(fd) }
                files.stop()
                throw .driver(message)
            }
            threads.append(thread)
            mailboxes.append(mailbox)
            stats.append(stat)
        }
        running.withLock { $0 = Running(threads: threads, mailboxes: mailboxes, stats: stats,
                                        address: listen.address, driverName: driverName, fallbackReason: fallbackReason,
                                        files: files) }
        return listen.address
    }

    /// The driver the loops run on ("io_uring" or "epoll"); empty before `start`.
    public var driverName: String { running.withLock { $0?.driverName ?? "" } }

    /// Why io_uring could not be used, when `automatic` fell back to epoll (nil otherwise).
    public var fallbackReason: String? { running.withLock { $0?.fallbackReason } }

    /// Each loop's counters as last published (once per loop turn).
    public func counters() -> [LoopCounters] {
        running.withLock { $0?.stats.map { $0.read() } ?? [] }
    }

    /// File chunks read from disk since start (one at a time per response, as the client drains).
    public var fileChunksRead: Int { running.withLock { $0?.files.chunksRead.load(ordering: .relaxed) ?? 0 } }

    /// Runs `work` on every loop thread, in each loop's order with its other messages.
    public func onEveryLoop(_ work: @escaping @Sendable (Int) -> Void) {
        let boxes = running.withLock { $0?.mailboxes ?? [] }
        for (i, m) in boxes.enumerated() { m.push(.run { work(i) }) }
    }

    /// Stops accepting, lets in-progress requests finish (up to the drain timeout), closes everything and joins the
    /// loop threads. Safe to call more than once.
    public func shutdown() {
        guard let r = running.withLock({ s -> Running? in defer { s = nil }; return s }) else { return }
        for m in r.mailboxes { m.push(.beginShutdown) }
        for t in r.threads { t.join() }
        r.files.stop()
    }
}

/// One-shot hand-off of a loop's start-up result to the thread calling `start`.
final class StartSignal: Sendable {
    enum Outcome: Sendable { case success(String), failure(String) }
    private let state = Mutex<Outcome?>(nil)
    func post(_ o: Outcome) { state.withLock { $0 = o } }
    func wait() -> Outcome {
        while true {
            if let o = state.withLock({ $0 }) { return o }
            usleep(200)
        }
    }
}
