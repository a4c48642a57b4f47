import Glibc
import Synchronization

/// One driver thread of `parley-load mattermost`: its share of the simulated users, run by a `DriverLoop` on a
/// plain OS thread. The main thread raises `target` step by step and takes each step's `StepStats` with
/// `takeStep`; everything else stays on the loop.
final class MattermostThread: Sendable {
    struct Setup: Sendable {
        var endpoint: Endpoint
        var clock: any LoadClock
        /// REST keep-alive connections this thread may open.
        var connectionsMax: Int
        /// Local addresses to connect from (`SourceAddresses`): user u's WebSocket uses `sources[u % count]`.
        var sources: [UInt32?] = [nil]
        var speedup: Double
        var seed: UInt64
        var context: SimContextSeed
    }

    /// The population's ids, shared by every thread's `SimContext`.
    struct SimContextSeed: Sendable {
        var channelIDs: [String]
        var userIDs: [String]
        var directTargets: [Int]
    }

    struct Member: Sendable {
        var sim: SimUser
        var token: String
    }

    let setup: Setup
    private let members: Mutex<[Member]>  // taken by the loop when it starts
    let count: Int
    /// How many of this thread's users should be active; only ever raised.
    let target = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
    /// WebSockets that got `hello` and are open now.
    let open = Atomic<Int>(0)
    let stepRequested = Atomic<Int>(0)
    let stepTaken = Atomic<Int>(0)
    let handover = Mutex<StepStats?>(nil)

    init(members: [Member], setup: Setup) {
        self.members = Mutex(members)
        count = members.count
        self.setup = setup
    }

    func run() {
        let taken = members.withLock { m in defer { m = [] }; return m }
        var loop = DriverLoop(members: taken, setup: setup)
        loop.run(self)
    }

    /// Asks the loop for the stats of the step that just ended and waits (bounded) for them.
    func takeStep(clock: any LoadClock, timeoutSeconds: Double = 10) -> StepStats? {
        let wanted = stepRequested.wrappingAdd(1, ordering: .relaxed).newValue
        let start = clock.nowNanos()
        while stepTaken.load(ordering: .acquiring) != wanted {
            if Double(clock.nowNanos() - start) / 1e9 > timeoutSeconds { return nil }
            usleep(1_000)
        }
        return handover.withLock { s in defer { s = nil }; return s }
    }
}
