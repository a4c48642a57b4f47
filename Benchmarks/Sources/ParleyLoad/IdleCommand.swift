import ArgumentParser
import Foundation

/// `parley-load idle`: N authenticated WebSockets held open against Parley, then N idle subscriptions against each
/// peer (Redis `SUBSCRIBE`, NATS `SUB`, all to one channel), reporting each server's resident memory per connection.
struct IdleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "Hold N idle authenticated WebSockets on Parley, then N idle subscribers on each peer; memory per connection.")

    @Option(help: "Connections to hold open on each system.") var sockets = 10_000
    @Option(help: "Users the WebSockets are spread over.") var users = 10
    @Option(help: "Connections opened and closed before the baseline (0: none; default: 1,000, at most --sockets).")
    var warmup: Int?
    @Option(name: .customLong("settle-seconds"), help: "Wait this long before each RSS reading.") var settleSeconds = 2.0
    @OptionGroup var parley: ParleyTargetOptions
    @OptionGroup var peers: PeerOptions
    @OptionGroup var options: RunOptions
    @Option(name: .customLong("connect-seconds"), help: "Give up connecting after this long (default: 30 + N/500).")
    var connectSeconds: Double?

    func validate() throws {
        guard sockets > 0, users > 0, (0...sockets).contains(warmup ?? 0), settleSeconds >= 0 else {
            throw ValidationError("sockets and users must be positive, warmup 0 to sockets, settle-seconds not negative")
        }
        try options.checkDescriptors(sockets, what: "sockets")
    }

    /// The warm-up connections: `--warmup`, else 1,000 or all of `--sockets` when fewer.
    var warmupCount: Int { warmup ?? min(1000, sockets) }

    func run() throws {
        try Scenario.run(json: options.json) { work in
            let run = IdleRun(connections: sockets, warmup: warmupCount, threads: options.threads, settleSeconds: settleSeconds,
                              connectSeconds: connectSeconds ?? 30 + Double(sockets) / 500,
                              sources: options.sources(for: sockets), clock: MonotonicClock())
            let scenario = ConnectionScenario(parley: parley, peers: peers, users: users,
                                              restConnections: options.connections, clientsMax: sockets + 64)
            let (loaded, results) = try scenario.run(work: work, clock: run.clock, parley: { target, requests in
                run.run(system: "Parley", machines: { n in (0..<n).map { WebSocketSubscriber(request: requests[$0 % requests.count]) } },
                        endpoint: target.endpoint, pid: target.pid)
            }, peer: { peer, server in run.run(peer, endpoint: server.endpoint, pid: server.process.pid) })
            return IdleReport(label: options.label, date: ISO8601DateFormatter().string(from: Date()), connections: sockets,
                              warmup: warmupCount, users: users, settleSeconds: settleSeconds, server: loaded.server,
                              durability: loaded.durability, results: results, ratios: IdleReport.ratios(results),
                              notes: results.flatMap(IdleReport.warnings))
        }
    }
}

extension IdleRun {
    /// The idle run against a peer: every connection subscribes to the same channel (subject).
    func run(_ peer: Peer, endpoint: Endpoint, pid: pid_t) -> IdleResult {
        let channel = "load-idle"
        switch peer {
        case .redis:
            let machine = RedisSubscriber(command: RedisSubscriber.subscribeCommand(channel: channel))
            return run(system: peer.system, machines: { Array(repeating: machine, count: $0) }, endpoint: endpoint, pid: pid)
        case .nats:
            let machine = NATSSubscriber(command: NATSSubscriber.subscribeCommand(subject: channel))
            return run(system: peer.system, machines: { Array(repeating: machine, count: $0) }, endpoint: endpoint, pid: pid)
        }
    }
}
