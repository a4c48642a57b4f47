/// One `parley-load mattermost` run: the model, the population, every ramp step and the users held.
struct MattermostReport: JSONReport, Sendable {
    var label: String?
    var date: String
    var server: String
    /// The journal policy when the tool started Parley; nil for `--server`.
    var durability: String?
    var speedup: Double
    var thinkMeanSeconds: Double
    var threads: Int
    var restConnections: Int
    var seed: UInt64
    var rule: HealthRule
    var ramp: RampSettings
    var population: MixShape
    var populationSummary: String
    var populationSeconds: Double
    var steps: [StepSummary]
    /// The users of the last healthy step; nil when even the first step was unhealthy.
    var usersHeld: Int?
    /// What ended the ramp.
    var limit: String
    /// Users held × speed-up: the real-time users whose requests the held step sent (not their sockets).
    var requestEquivalentUsers: Int?
    var notes: [String]

    struct RampSettings: Codable, Sendable {
        var usersStart: Int
        var usersStep: Int
        var usersMax: Int
        var stepSeconds: Double
    }
}
