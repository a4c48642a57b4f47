import ArgumentParser
import Foundation

/// `parley-load connect-storm`: new authenticated WebSockets at a rising rate, each counted once its `hello`
/// arrives, until a target, a failure or the server falls behind; then the same storm of subscriptions against each
/// peer. Reports connections/s achieved and handshake latency.
struct ConnectStormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect-storm",
        abstract: "Open authenticated WebSockets at a rising rate until a target or a failure; connections/s and handshake latency.")

    @Option(help: "Connections to reach (all are held until the end).") var target = 5000
    @Option(name: .customLong("rate-start"), help: "Connections per second offered at the start.") var rateStart = 500.0
    @Option(name: .customLong("rate-max"), help: "Connections per second the ramp climbs to.") var rateMax = 10_000.0
    @Option(name: .customLong("ramp-seconds"), help: "Seconds the ramp takes from --rate-start to --rate-max.") var rampSeconds = 5.0
    @Option(name: .customLong("failures-max"), help: "Stop once more connections than this failed.") var failuresMax = 0
    @Option(name: .customLong("lag-seconds-max"), help: "Stop once the connections fall this far behind the schedule.")
    var lagSecondsMax = 1.0
    @Option(name: .customLong("timeout-seconds"), help: "Stop after this long (default: the schedule's time to the target + 30).")
    var timeoutSeconds: Double?
    @Option(help: "Users the WebSockets are spread over.") var users = 20
    @OptionGroup var parley: ParleyTargetOptions
    @OptionGroup var peers: PeerOptions
    @OptionGroup var options: RunOptions

    func validate() throws {
        guard target > 0, users > 0, failuresMax >= 0, lagSecondsMax > 0 else {
            throw ValidationError("target, users and lag-seconds-max must be positive, failures-max not negative")
        }
        guard rateStart > 0, rateMax >= rateStart, rampSeconds >= 0 else {
            throw ValidationError("rate-start must be positive, rate-max at least rate-start, ramp-seconds not negative")
        }
        try options.checkDescriptors(target, what: "target")
    }

    var schedule: RampSchedule { RampSchedule(startPerSecond: rateStart, maxPerSecond: rateMax, rampSeconds: rampSeconds) }

    var monitor: StormMonitor {
        StormMonitor(schedule: schedule, target: target, failuresMax: failuresMax, lagSecondsMax: lagSecondsMax,
                     timeoutSeconds: timeoutSeconds ?? schedule.dueSeconds(target) + 30)
    }

    func run() throws {
        try Scenario.run(json: options.json) { work in
            let run = StormRun(threads: options.threads, sources: options.sources(for: target), clock: MonotonicClock())
            let scenario = ConnectionScenario(parley: parley, peers: peers, users: users,
                                              restConnections: options.connections, clientsMax: target + 64)
            let (loaded, results) = try scenario.run(work: work, clock: run.clock, parley: { server, requests in
                let machines = (0..<target).map { WebSocketSubscriber(request: requests[$0 % requests.count]) }
                return run.run(system: "Parley", machines: machines, endpoint: server.endpoint, pid: server.pid, monitor: monitor)
            }, peer: { peer, server in run.run(peer, endpoint: server.endpoint, pid: server.process.pid, monitor: monitor) })
            return StormReport(label: options.label, date: ISO8601DateFormatter().string(from: Date()), schedule: schedule,
                               target: target, failuresMax: failuresMax, lagSecondsMax: lagSecondsMax, users: users,
                               server: loaded.server, durability: loaded.durability, results: results,
                               ratios: StormReport.ratios(results), notes: results.flatMap(StormReport.warnings))
        }
    }
}

extension StormRun {
    /// The storm against a peer: every connection subscribes to the same channel (subject) and counts at its confirmation.
    func run(_ peer: Peer, endpoint: Endpoint, pid: pid_t, monitor: StormMonitor) -> StormResult {
        let channel = "load-storm"
        switch peer {
        case .redis:
            let machine = RedisSubscriber(command: RedisSubscriber.subscribeCommand(channel: channel))
            return run(system: peer.system, machines: Array(repeating: machine, count: monitor.target), endpoint: endpoint,
                       pid: pid, monitor: monitor)
        case .nats:
            let machine = NATSSubscriber(command: NATSSubscriber.subscribeCommand(subject: channel))
            return run(system: peer.system, machines: Array(repeating: machine, count: monitor.target), endpoint: endpoint,
                       pid: pid, monitor: monitor)
        }
    }
}
