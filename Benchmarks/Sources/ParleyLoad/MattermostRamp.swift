import Glibc

/// Runs the ramp on the main thread: spreads the simulated users round-robin over the driver threads, raises
/// their targets step by step, and at the end of every step gathers the threads' stats, reads the server's CPU and
/// memory, and asks `Ramp` whether to go on. Time comes from the injected clock.
struct MattermostRamp {
    let clock: any LoadClock
    let rule: HealthRule
    let threads: [MattermostThread]
    let serverPID: pid_t?

    /// Step by step until the ramp stops; returns the steps and the final ramp.
    func run(_ ramp: inout Ramp) -> [StepSummary] {
        let loops = threads.enumerated().map { i, t in LoadThread(name: "load-mm-\(i)") { t.run() } }
        defer {
            for t in threads { t.stop.store(true, ordering: .relaxed) }
            for l in loops { l.join() }
        }
        var steps: [StepSummary] = []
        var users = ramp.begin(now: clock.nowNanos())
        setTarget(users)
        while true {
            let stepStart = clock.nowNanos()
            let cpuBefore = serverPID.flatMap { ProcessStats.cpuSeconds(pid: $0) }
            let selfBefore = ProcessStats.selfCPUSeconds()
            Log.progress("step \(steps.count + 1): \(users) users")
            var lastPrint = stepStart
            while !ramp.isStepOver(now: clock.nowNanos()) {
                usleep(50_000)
                if clock.nowNanos() - lastPrint >= 5_000_000_000 {
                    lastPrint = clock.nowNanos()
                    Log.progress("step \(steps.count + 1): \(open) of \(users) WebSockets open")
                }
            }
            var stats = StepStats()
            for t in threads {
                guard let s = t.takeStep(clock: clock) else {
                    ramp.abandon("a driver thread did not hand over its step (generator stalled)")
                    return steps
                }
                stats.merge(s)
            }
            let seconds = Double(clock.nowNanos() - stepStart) / 1e9
            let cpu = cpuBefore.flatMap { before in serverPID.flatMap { ProcessStats.cpuSeconds(pid: $0) }.map { $0 - before } }
            let summary = StepSummary(step: steps.count + 1, users: users, seconds: seconds, open: open, stats: stats, rule: rule,
                                      serverCPUSeconds: cpu, serverRSSBytes: serverPID.flatMap { ProcessStats.residentBytes(pid: $0) },
                                      generatorCPUSeconds: ProcessStats.selfCPUSeconds() - selfBefore)
            steps.append(summary)
            Log.progress(Self.line(summary))
            switch ramp.stepEnded(summary.verdict, now: clock.nowNanos()) {
            case .next(let next):
                users = next
                setTarget(users)
            case .stop:
                return steps
            }
        }
    }

    private var open: Int { threads.reduce(0) { $0 + $1.open.load(ordering: .relaxed) } }

    /// User j is thread j % T's (j / T)-th, so the first `users` users are active.
    private func setTarget(_ users: Int) {
        let n = threads.count
        for (i, t) in threads.enumerated() { t.target.store(min(t.count, (users - i + n - 1) / n), ordering: .relaxed) }
    }

    static func line(_ s: StepSummary) -> String {
        let latency = s.latencyMs.map { "mean \(Format.fixed($0.mean, 1)) p99 \(Format.fixed($0.p99, 1)) ms" } ?? "no requests"
        return "step \(s.step): \(s.users) users, \(Format.fixed(s.requestsPerSecond, 1)) req/s, \(latency), "
            + "errors \(s.errors) (\(Format.fixed(s.errorRate * 100, 3)) %), \(s.webSocketEvents) events, "
            + (s.verdict.healthy ? "healthy" : "unhealthy: " + s.verdict.reasons.joined(separator: "; "))
    }
}
