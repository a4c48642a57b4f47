import ArgumentParser
import Foundation

/// `parley-load mattermost`: the Mattermost load-test model against Parley. Simulated users, each with one
/// authenticated WebSocket, act once every ~108 s / speed-up; the ramp adds users step by step while the server
/// stays healthy and reports the users held.
struct MattermostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mattermost",
        abstract: "Ramp Mattermost-model users (one WebSocket each, one action per ~108 s) while Parley stays healthy.")

    /// REST keep-alive connections at most, all threads together.
    static let connectionsMax = 256

    @Option(name: .customLong("users-start"), help: "Users of the first step.") var usersStart = 100
    @Option(name: .customLong("users-step"), help: "Users added per step.") var usersStep = 100
    @Option(name: .customLong("users-max"), help: "Users at most (the population's size).") var usersMax = 1000
    @Option(name: .customLong("step-seconds"), help: "Seconds per step.") var stepSeconds = 30.0
    @Option(help: "Divides the 108 s think time (for short runs).") var speedup = 1.0
    @Option(help: "Teams (default: one per 250 users, 1 to 10).") var teams: Int?
    @Option(name: .customLong("channels-per-user"), help: "Small-channel memberships per user on average.") var channelsPerUser = 6.0
    @Option(name: .customLong("posts-per-channel"), help: "Posts seeded into every channel.") var postsPerChannel = 5
    @Option(help: "Seed of the population plan and the workload.") var seed: UInt64 = 0x4D4D_2026
    @Option(help: "Driver threads (epoll loops), each running many users.") var threads = 2
    @Option(help: "REST keep-alive connections for the load, all threads together (at most 256).") var connections = 128
    @Option(name: .customLong("population-connections"), help: "REST connections (one thread each) for making the population.")
    var populationConnections = 16
    @OptionGroup var parley: ParleyTargetOptions
    @Option(help: "Write the report as JSON here.") var json: String?
    @Option(help: "A label for the report.") var label: String?

    func validate() throws {
        guard usersStart > 0, usersStep >= 0, usersMax >= usersStart, stepSeconds > 0, speedup > 0 else {
            throw ValidationError("users-start and step-seconds and speedup must be positive, users-max ≥ users-start")
        }
        guard threads > 0, connections > 0, connections <= Self.connectionsMax, populationConnections > 0,
              populationConnections <= Self.connectionsMax else {
            throw ValidationError("threads must be positive; connections and population-connections 1 to \(Self.connectionsMax)")
        }
        try ParleyTarget.checkDescriptors(usersMax, "users", restConnections: connections)
        guard (teams ?? 1) > 0, channelsPerUser >= 0, postsPerChannel >= 0, usersMax >= 2 else {
            throw ValidationError("teams must be positive, users-max at least 2")
        }
    }

    var mix: MixShape {
        var shape = MixShape(users: usersMax, teams: teams ?? max(1, min(10, usersMax / 250)))
        shape.channelsPerUser = channelsPerUser
        shape.postsPerChannel = postsPerChannel
        shape.seed = seed
        return shape
    }

    func run() throws {
        try Scenario.run(json: json) { work in
            var target = try ParleyTarget(options: parley, work: work)
            defer { target.stop() }
            return try MattermostSession(command: self, target: target).run()
        }
    }
}
