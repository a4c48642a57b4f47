import Glibc

/// The subscriber connections of one system spread round-robin over a few `SubscriberThread`s.
final class SubscriberGroup<M: SubscriberMachine> {
    let loops: [SubscriberThread<M>]
    private var threads: [LoadThread] = []

    /// With `pacing`, the connections open on that schedule in all: each thread takes its share of the rate.
    init(machines: [M], threads count: Int, endpoint: Endpoint, sources: [UInt32?], clock: any LoadClock,
         pacing: RampSchedule? = nil) {
        let n = max(1, min(count, machines.count))
        var shares = [[M]](repeating: [], count: n)
        for (i, m) in machines.enumerated() { shares[i % n].append(m) }
        let share = pacing?.scaled(by: 1 / Double(n))
        loops = shares.map { SubscriberThread(machines: $0, endpoint: endpoint, sources: sources, clock: clock, pacing: share) }
    }

    func start(name: String) {
        threads = loops.enumerated().map { i, loop in LoadThread(name: "\(name)-\(i)") { loop.run() } }
    }

    var ready: Int { loops.reduce(0) { $0 + $1.ready.load(ordering: .relaxed) } }
    var failed: Int { loops.reduce(0) { $0 + $1.failed.load(ordering: .relaxed) } }
    var delivered: Int { loops.reduce(0) { $0 + $1.delivered.load(ordering: .relaxed) } }

    /// Waits until every connection is ready or has failed, showing progress; false on timeout.
    func waitSettled(total: Int, timeoutSeconds: Double, label: String, clock: any LoadClock) -> Bool {
        let start = clock.nowNanos()
        var lastPrint = start
        while ready + failed < total {
            let now = clock.nowNanos()
            if Double(now - start) / 1e9 > timeoutSeconds { return false }
            if now - lastPrint >= 1_000_000_000 {
                Log.progress("\(label): \(ready)/\(total) ready, \(failed) failed")
                lastPrint = now
            }
            usleep(5_000)
        }
        return true
    }

    /// Stops the loops (closing every connection) and merges what they recorded.
    func stop() -> DeliveryRecorder {
        for loop in loops { loop.stop.store(true, ordering: .relaxed) }
        for thread in threads { thread.join() }
        threads = []
        var merged = DeliveryRecorder()
        for loop in loops { if let r = loop.recorder { merged.merge(r) } }
        return merged
    }
}
