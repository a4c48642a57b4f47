import Foundation

/// One `mattermost` invocation: the population (from `--state` or made now), the driver threads, the ramp and
/// the report.
struct MattermostSession {
    let command: MattermostCommand
    let target: ParleyTarget
    let clock: any LoadClock = MonotonicClock()

    func run() throws -> MattermostReport {
        let started = clock.nowNanos()
        let population = try populate()
        let populationSeconds = Double(clock.nowNanos() - started) / 1e9
        Log.progress("population: \(population.summary) (\(Format.fixed(populationSeconds, 1)) s)")
        var ramp = Ramp(start: command.usersStart, step: command.usersStep, max: command.usersMax, stepSeconds: command.stepSeconds)
        let rule = HealthRule()
        let steps = MattermostRamp(clock: clock, rule: rule, threads: threads(population), serverPID: target.pid).run(&ramp)
        let workload = MattermostWorkload(speedup: command.speedup, random: SplitMix64(state: 0))
        var notes: [String] = []
        if let busy = steps.first(where: { $0.generatorCPUCores > FanoutRun.generatorBoundShare }) {
            notes.append("the generator used \(Format.fixed(busy.generatorCPUCores, 2)) cores in step \(busy.step): "
                + "from there on it may have set the pace, not the server")
        }
        if let s = steps.last(where: { $0.firstError != nil }), let e = s.firstError { notes.append("first error of step \(s.step): \(e)") }
        return MattermostReport(
            label: command.label, date: ISO8601DateFormatter().string(from: Date()), server: target.endpoint.description,
            durability: target.durability, speedup: command.speedup,
            thinkMeanSeconds: workload.thinkMeanSeconds, threads: command.threads, restConnections: command.connections,
            seed: command.seed, rule: rule,
            ramp: .init(usersStart: command.usersStart, usersStep: command.usersStep, usersMax: command.usersMax,
                        stepSeconds: command.stepSeconds),
            population: population.shape, populationSummary: population.summary, populationSeconds: populationSeconds,
            steps: steps, usersHeld: ramp.held, limit: ramp.limit ?? "not stopped",
            requestEquivalentUsers: ramp.held.map { Int(Double($0) * command.speedup) }, notes: notes)
    }

    private func populate() throws -> MixPopulation {
        let pool = RESTPool(endpoint: target.endpoint, connections: command.populationConnections)
        return try MixPopulationBuilder(pool: pool, statePath: command.parley.state)
            .build(command.mix, existing: target.kept(MixPopulation.self, on: pool))
    }

    /// The driver threads, user j on thread j % T; each thread's workload has its own seed.
    private func threads(_ p: MixPopulation) -> [MattermostThread] {
        let n = min(command.threads, p.users.count)
        let memberships = p.memberships
        let seed = MattermostThread.SimContextSeed(channelIDs: p.channels.map(\.id), userIDs: p.users.map(\.id),
                                                   directTargets: Array(p.users.indices))
        var shares = [[MattermostThread.Member]](repeating: [], count: n)
        for (j, u) in p.users.enumerated() {
            shares[j % n].append(.init(sim: SimUser(member: j, channels: memberships[j]), token: u.token))
        }
        // Reconnects leave closed sockets in TIME_WAIT on our side, so count them against the ports too.
        let sources = SourceAddresses.forConnections(p.users.count * 3 / 2 + command.connections, count: nil)
        return shares.enumerated().map { i, members in
            MattermostThread(members: members, setup: .init(
                endpoint: target.endpoint, clock: clock, connectionsMax: max(1, command.connections / n),
                sources: sources, speedup: command.speedup, seed: command.seed &+ UInt64(i + 1) &* 0x9E37_79B9,
                context: seed))
        }
    }
}
