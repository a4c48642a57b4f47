/// Mattermost's health criteria for a load step, applied to one step's figures: a step is healthy while the mean
/// request latency, its p99 and the error rate all stay under their limits. The ramp holds the users of the last
/// healthy step.
struct HealthRule: Codable, Sendable, Equatable {
    var meanMsMax = 100.0
    var p99MsMax = 2000.0
    /// 0.025 %.
    var errorRateMax = 0.000_25

    struct Verdict: Codable, Sendable, Equatable {
        var healthy: Bool
        /// Which limits the step broke, in words for the report; empty when healthy.
        var reasons: [String]
    }

    /// `errors` counts failed requests and failed WebSocket connections; `attempts` both kinds of attempts.
    func verdict(attempts: Int, errors: Int, meanMs: Double, p99Ms: Double) -> Verdict {
        var reasons: [String] = []
        if meanMs > meanMsMax { reasons.append("mean latency \(Format.fixed(meanMs, 1)) ms > \(Format.fixed(meanMsMax, 0)) ms") }
        if p99Ms > p99MsMax { reasons.append("p99 latency \(Format.fixed(p99Ms, 0)) ms > \(Format.fixed(p99MsMax, 0)) ms") }
        let rate = attempts > 0 ? Double(errors) / Double(attempts) : 0
        if rate > errorRateMax {
            reasons.append("error rate \(Format.fixed(rate * 100, 3)) % > \(Format.fixed(errorRateMax * 100, 3)) % (\(errors) of \(attempts))")
        }
        return Verdict(healthy: reasons.isEmpty, reasons: reasons)
    }
}
