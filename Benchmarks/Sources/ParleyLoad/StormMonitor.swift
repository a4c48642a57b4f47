/// Decides, from what a connect storm's connections have done so far, whether it goes on, and keeps one sample
/// per second of the offered and achieved rates. A value fed times and counts by its shell (`StormRun`), so
/// tests drive it without sockets or a clock.
struct StormMonitor: Sendable {
    enum StopReason: String, Codable, Sendable {
        /// Every one of the target's connections is ready.
        case target
        /// More connections failed than allowed.
        case failures
        /// Ready and failed connections together fell more than the allowed lag behind the schedule.
        case behind
        /// The time limit passed first.
        case timeout
    }

    enum Verdict: Equatable, Sendable {
        case going
        case stop(StopReason)
    }

    /// Samples per second: rates are read over a sliding second of this many samples.
    static let samplesPerSecond = 4

    /// The storm at the end of one sample interval.
    struct Sample: Codable, Equatable, Sendable {
        /// Seconds since the start.
        var seconds: Double
        /// The schedule's rate then.
        var offeredPerSecond: Double
        var ready: Int
        var failed: Int
    }

    let schedule: RampSchedule
    let target: Int
    let failuresMax: Int
    let lagSecondsMax: Double
    let timeoutSeconds: Double
    private(set) var samples: [Sample] = []

    init(schedule: RampSchedule, target: Int, failuresMax: Int, lagSecondsMax: Double, timeoutSeconds: Double) {
        self.schedule = schedule
        self.target = target
        self.failuresMax = failuresMax
        self.lagSecondsMax = lagSecondsMax
        self.timeoutSeconds = timeoutSeconds
    }

    /// What the storm has done by `seconds` after its start.
    mutating func observe(seconds: Double, ready: Int, failed: Int) -> Verdict {
        while Double(samples.count + 1) / Double(Self.samplesPerSecond) <= seconds {
            let at = Double(samples.count + 1) / Double(Self.samplesPerSecond)
            samples.append(Sample(seconds: at, offeredPerSecond: schedule.rate(atSeconds: at), ready: ready, failed: failed))
        }
        if ready >= target { return .stop(.target) }
        if failed > failuresMax { return .stop(.failures) }
        let due = min(Double(target), schedule.count(atSeconds: seconds - lagSecondsMax)).rounded(.down)
        if Double(ready + failed) < due { return .stop(.behind) }
        if seconds >= timeoutSeconds { return .stop(.timeout) }
        return .going
    }

    /// How many became ready in the second that ends at sample `index` (from the start for the first second).
    func readyInSecond(endingAt index: Int) -> Int {
        let before = index - Self.samplesPerSecond
        return samples[index].ready - (before >= 0 ? samples[before].ready : 0)
    }

    var readyInLastSecond: Int { samples.isEmpty ? 0 : readyInSecond(endingAt: samples.count - 1) }

    /// The most connections that became ready within one second, over every sliding second of the samples.
    var peakPerSecond: Int { samples.indices.map(readyInSecond(endingAt:)).max() ?? 0 }
}
