/// The ramp of simulated users as a value-type state machine: `users` start, every `stepNanos` the runner ends the
/// step with its health verdict, and the ramp either adds `step` users or stops. It holds the users of the last
/// healthy step and says what stopped it. Time is passed in (the runner's injected clock), never read.
struct Ramp: Sendable {
    let start: Int
    let step: Int
    let max: Int
    let stepNanos: UInt64

    enum Phase: Sendable, Equatable { case notStarted, running(stepStartNanos: UInt64), stopped }

    enum Decision: Sendable, Equatable {
        /// Go on with this many users from now.
        case next(users: Int)
        case stop
    }

    private(set) var phase = Phase.notStarted
    private(set) var users = 0
    private(set) var steps = 0
    /// The users of the last healthy step; nil while none was healthy.
    private(set) var held: Int?
    /// Why the ramp stopped: the first unhealthy step's reasons, or that it reached `max`.
    private(set) var limit: String?

    init(start: Int, step: Int, max: Int, stepSeconds: Double) {
        precondition(start > 0 && step >= 0 && max >= start && stepSeconds > 0, "ramp \(start)+\(step) to \(max)")
        self.start = start
        self.step = step
        self.max = max
        stepNanos = UInt64(stepSeconds * 1e9)
    }

    /// Starts the first step; returns its users.
    mutating func begin(now: UInt64) -> Int {
        switch phase {
        case .notStarted:
            users = start
            phase = .running(stepStartNanos: now)
            return users
        case .running, .stopped:
            preconditionFailure("begin in phase \(phase)")
        }
    }

    /// Whether the current step has run its time.
    func isStepOver(now: UInt64) -> Bool {
        switch phase {
        case .running(let started): now >= started + stepNanos
        case .notStarted, .stopped: false
        }
    }

    /// Ends the current step with its verdict.
    mutating func stepEnded(_ verdict: HealthRule.Verdict, now: UInt64) -> Decision {
        switch phase {
        case .running:
            steps += 1
            guard verdict.healthy else {
                limit = "\(users) users unhealthy: " + verdict.reasons.joined(separator: "; ")
                phase = .stopped
                return .stop
            }
            held = users
            guard users < max, step > 0 else {
                limit = step > 0 ? "reached --users-max \(max)" : "one step only (--users-step 0)"
                phase = .stopped
                return .stop
            }
            users = Swift.min(users + step, max)
            phase = .running(stepStartNanos: now)
            return .next(users: users)
        case .notStarted, .stopped:
            preconditionFailure("stepEnded in phase \(phase)")
        }
    }

    /// Ends the ramp early (a signal, the generator out of descriptors) without a verdict on the current step.
    mutating func abandon(_ why: String) {
        limit = why
        phase = .stopped
    }
}
