import CShims
import Glibc
import Logging

/// Chooses the driver once per process and builds each loop on its own thread (io_uring with SINGLE_ISSUER
/// must be created by the thread that submits).
enum LoopFactory {
    enum Choice: Sendable { case uring, epoll }

    struct Spec: @unchecked Sendable {
        var index: Int
        var choice: Choice
        var mailbox: LoopMailbox
        var stats: LoopStats
        var listeners: [Int32]
        var capacity: Int
        var config: NetConfiguration
        var handler: any HTTPHandler
        var renderError: HTTPErrorRenderer
        var tlsContext: TLSContext?
        var files: FileReader
        var logger: Logger
        var clock: any LoopClock
    }

    /// `PARLEY_IO=uring|epoll` forces a driver; otherwise the configuration decides, and `automatic` probes
    /// io_uring (it may be missing: old kernel, seccomp, `kernel.io_uring_disabled`) and falls back to epoll.
    /// The reason for a fallback is returned so the caller can say so once, after its `listening` line.
    static func choose(_ configured: NetConfiguration.DriverChoice) -> (Choice, fallbackReason: String?) {
        var wanted = configured
        if let env = getenv("PARLEY_IO").map({ String(cString: $0) }),
           let forced = NetConfiguration.DriverChoice(rawValue: env == "io_uring" ? "uring" : env) {
            wanted = forced
        }
        switch wanted {
        case .uring: return (.uring, nil)
        case .epoll: return (.epoll, nil)
        case .automatic:
            do {
                _ = try URingDriver(entries: 8, bufferCount: 64, bufferBytes: 4096)
                return (.uring, nil)
            } catch {
                return (.epoll, "\(error)")
            }
        }
    }

    static func runLoop(_ s: Spec, ready: StartSignal) {
        switch s.choice {
        case .uring:
            let driver: URingDriver
            do {
                driver = try URingDriver(entries: s.config.submissionQueueEntries, bufferCount: s.config.receiveBufferCount,
                                         bufferBytes: s.config.receiveBufferBytes)
            } catch {
                ready.post(.failure("\(error)"))
                return
            }
            run(s, driver: driver, ready: ready)
        case .epoll:
            let driver: EpollDriver
            do {
                driver = try EpollDriver(bufferCount: s.config.receiveBufferCount, bufferBytes: s.config.receiveBufferBytes)
            } catch {
                ready.post(.failure("\(error)"))
                return
            }
            run(s, driver: driver, ready: ready)
        }
    }

    private static func run<D: IODriver>(_ s: Spec, driver: D, ready: StartSignal) {
        let loop = EventLoop(index: s.index, driver: driver, mailbox: s.mailbox, stats: s.stats, listeners: s.listeners,
                             capacity: s.capacity, config: s.config, handler: s.handler, renderError: s.renderError,
                             tlsContext: s.tlsContext, files: s.files, logger: s.logger, clock: s.clock)
        ready.post(.success(driver.name))
        loop.run()
    }
}
