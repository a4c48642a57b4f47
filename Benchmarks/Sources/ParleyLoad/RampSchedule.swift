/// When a connect storm opens its connections: the offered rate climbs linearly from `startPerSecond` to
/// `maxPerSecond` over `rampSeconds`, then stays there. Pure arithmetic on seconds since the start, so tests need
/// no clock.
struct RampSchedule: Sendable, Equatable, Codable {
    var startPerSecond: Double
    var maxPerSecond: Double
    var rampSeconds: Double

    init(startPerSecond: Double, maxPerSecond: Double, rampSeconds: Double) {
        precondition(startPerSecond > 0 && maxPerSecond >= startPerSecond && rampSeconds >= 0,
                     "ramp \(startPerSecond) → \(maxPerSecond) per second over \(rampSeconds) s")
        self.startPerSecond = startPerSecond
        self.maxPerSecond = maxPerSecond
        self.rampSeconds = rampSeconds
    }

    /// The climb per second², 0 for a flat schedule.
    private var slope: Double { rampSeconds > 0 ? (maxPerSecond - startPerSecond) / rampSeconds : 0 }

    /// The offered rate `t` seconds in.
    func rate(atSeconds t: Double) -> Double {
        t >= rampSeconds ? maxPerSecond : startPerSecond + slope * max(t, 0)
    }

    /// How many connections are offered by `t` seconds in (not rounded): the rate's integral.
    func count(atSeconds t: Double) -> Double {
        guard t > 0 else { return 0 }
        let ramped = min(t, rampSeconds)
        return startPerSecond * ramped + slope * ramped * ramped / 2 + maxPerSecond * max(t - rampSeconds, 0)
    }

    /// When connection `index` (from 0) is due, in seconds after the start: `count(atSeconds:)` solved for it.
    func dueSeconds(_ index: Int) -> Double {
        let n = Double(index)
        let rampCount = count(atSeconds: rampSeconds)
        guard n < rampCount else { return rampSeconds + (n - rampCount) / maxPerSecond }
        guard slope > 0 else { return n / startPerSecond }
        // slope/2 · t² + start · t − n = 0, the positive root, written to stay exact for small n.
        return 2 * n / (startPerSecond + (startPerSecond * startPerSecond + 2 * slope * n).squareRoot())
    }

    /// The same shape at `share` of the rate, for one of several threads that open a storm's connections together.
    func scaled(by share: Double) -> RampSchedule {
        RampSchedule(startPerSecond: startPerSecond * share, maxPerSecond: maxPerSecond * share, rampSeconds: rampSeconds)
    }
}
