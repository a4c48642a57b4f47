/// One ramp step as the report keeps it: the users, what they did and how the server fared.
struct StepSummary: Codable, Sendable {
    struct Kind: Codable, Sendable {
        var kind: String
        var requests: Int
        var errors: Int
        var latencyMs: SystemResult.Latency?
    }

    var step: Int
    var users: Int
    var seconds: Double
    /// WebSockets open (after `hello`) at the end of the step.
    var webSocketsOpen: Int
    var requests: Int
    var requestsPerSecond: Double
    var errors: Int
    var errorRate: Double
    var firstError: String?
    var latencyMs: SystemResult.Latency?
    var kinds: [Kind]
    var actions: [String: Int]
    var webSocketConnects: Int
    var webSocketFailures: Int
    var webSocketDrops: Int
    var webSocketEvents: Int
    var webSocketEventsPerSecond: Double
    var seqGaps: Int
    /// Server CPU over the step in cores (CPU seconds per wall second); nil without a pid.
    var serverCPUCores: Double?
    var serverRSSBytes: Int?
    var generatorCPUCores: Double
    var verdict: HealthRule.Verdict

    init(step: Int, users: Int, seconds: Double, open: Int, stats s: StepStats, rule: HealthRule,
         serverCPUSeconds: Double?, serverRSSBytes: Int?, generatorCPUSeconds: Double) {
        self.step = step
        self.users = users
        self.seconds = seconds
        webSocketsOpen = open
        requests = s.requests
        requestsPerSecond = seconds > 0 ? Double(s.requests) / seconds : 0
        errors = s.healthErrors
        errorRate = s.healthAttempts > 0 ? Double(s.healthErrors) / Double(s.healthAttempts) : 0
        firstError = s.firstError
        latencyMs = s.requests > 0 ? FanoutRun.latency(s.latency, unitNanos: 1000) : nil
        kinds = RequestKind.allCases.map { k in
            let x = s.kinds[k.rawValue]
            return Kind(kind: k.label, requests: x.requests, errors: x.errors,
                        latencyMs: x.requests > 0 ? FanoutRun.latency(x.latency, unitNanos: 1000) : nil)
        }
        actions = Dictionary(uniqueKeysWithValues: MattermostAction.allCases.enumerated().map { ($1.rawValue, s.actions[$0]) })
        webSocketConnects = s.webSocketConnects
        webSocketFailures = s.webSocketFailures
        webSocketDrops = s.webSocketDrops
        webSocketEvents = s.webSocketEvents
        webSocketEventsPerSecond = seconds > 0 ? Double(s.webSocketEvents) / seconds : 0
        seqGaps = s.seqGaps
        serverCPUCores = serverCPUSeconds.map { seconds > 0 ? $0 / seconds : 0 }
        self.serverRSSBytes = serverRSSBytes
        generatorCPUCores = seconds > 0 ? generatorCPUSeconds / seconds : 0
        verdict = rule.verdict(attempts: s.healthAttempts, errors: s.healthErrors,
                               meanMs: latencyMs?.mean ?? 0, p99Ms: latencyMs?.p99 ?? 0)
    }
}
