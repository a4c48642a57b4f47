import Histogram

/// What one driver thread saw during one ramp step: every REST request's latency (from the moment the user
/// issued it, so time spent waiting for a pooled connection counts), errors, actions, and its WebSocket
/// connections. Owned by one driver thread while the step runs (`// driver thread only`), then handed to the
/// main thread and merged there.
struct StepStats: Sendable {
    /// Latencies up to this many microseconds are kept exactly (3 significant digits); longer ones are clamped.
    static let latencyMicrosMax: UInt64 = 600_000_000

    struct Kind: Sendable {
        var requests = 0
        var errors = 0
        var latency = StepStats.histogram()
    }

    var latency = StepStats.histogram()
    var kinds = [Kind](repeating: Kind(), count: RequestKind.allCases.count)
    var actions = [Int](repeating: 0, count: MattermostAction.allCases.count)
    var requests = 0
    var errors = 0
    /// The first failure's status and error id (never a message body or a token).
    var firstError: String?
    var webSocketConnects = 0
    var webSocketFailures = 0
    /// WebSockets that broke after `hello` without the user asking for it.
    var webSocketDrops = 0
    var webSocketEvents = 0
    var seqGaps = 0

    static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: latencyMicrosMax, numberOfSignificantValueDigits: .three)
    }

    mutating func request(_ kind: RequestKind, micros: UInt64, failure: String?) {
        let value = min(max(micros, 1), Self.latencyMicrosMax)
        requests += 1
        _ = latency.record(value)
        kinds[kind.rawValue].requests += 1
        _ = kinds[kind.rawValue].latency.record(value)
        guard let failure else { return }
        errors += 1
        kinds[kind.rawValue].errors += 1
        if firstError == nil { firstError = "\(kind.label): \(failure)" }
    }

    mutating func webSocketFailed(_ reason: String, afterReady: Bool) {
        if afterReady { webSocketDrops += 1 } else { webSocketFailures += 1 }
        if firstError == nil { firstError = "WebSocket: \(reason)" }
    }

    mutating func merge(_ other: StepStats) {
        latency.add(other.latency)
        for i in kinds.indices {
            kinds[i].requests += other.kinds[i].requests
            kinds[i].errors += other.kinds[i].errors
            kinds[i].latency.add(other.kinds[i].latency)
        }
        for i in actions.indices { actions[i] += other.actions[i] }
        requests += other.requests
        errors += other.errors
        firstError = firstError ?? other.firstError
        webSocketConnects += other.webSocketConnects
        webSocketFailures += other.webSocketFailures
        webSocketDrops += other.webSocketDrops
        webSocketEvents += other.webSocketEvents
        seqGaps += other.seqGaps
    }

    /// Errors for the health rule: failed requests and WebSockets that failed or dropped.
    var healthErrors: Int { errors + webSocketFailures + webSocketDrops }
    var healthAttempts: Int { requests + webSocketConnects + webSocketFailures }
}
