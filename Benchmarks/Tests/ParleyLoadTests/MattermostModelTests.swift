import Testing

@testable import ParleyLoad

/// A random source that repeats a fixed list, so a test picks exactly the draws it needs.
struct ScriptedRandom: RandomNumberGenerator, Sendable {
    var values: [UInt64]
    var at = 0

    /// A draw that `unit()` turns into `u`.
    static func of(_ u: Double) -> UInt64 { UInt64(u * 0x1p53) << 11 }

    mutating func next() -> UInt64 {
        defer { at = (at + 1) % values.count }
        return values[at]
    }
}

@Suite struct MattermostWorkloadTests {
    @Test func mixSumsToOneWithMattermostsPostShareAndProportions() {
        let shares = MattermostMix.shares
        #expect(abs(shares.reduce(0) { $0 + $1.1 } - 1) < 1e-9)
        #expect(Set(shares.map(\.0)) == Set(MattermostAction.allCases), "every action has a share")
        #expect(shares.first { $0.0 == .post }?.1 == 0.074)
        let share = Dictionary(uniqueKeysWithValues: shares.map { ($0.0.rawValue, $0.1) })
        // Mattermost's agents switch channels 6.5219 times for each 1.9873 scrolls and 0.1306 reactions.
        #expect(abs(share["switchChannel"]! / share["scroll"]! - 6.5219 / 1.9873) < 1e-9)
        #expect(abs(share["switchChannel"]! / share["react"]! - 6.5219 / 0.1306) < 1e-9)
        #expect(share["switchChannel"]! > 0.5 && share["deletePost"]! < 0.001)
    }

    @Test func actionsFollowTheCumulativeShares() {
        var edge = 0.0
        for (action, share) in MattermostMix.shares {
            for u in [edge + share * 0.01, edge + share * 0.99] {
                var w = MattermostWorkload(speedup: 1, random: ScriptedRandom(values: [ScriptedRandom.of(u)]))
                #expect(w.nextAction() == action, "u = \(u)")
            }
            edge += share
        }
    }

    @Test func drawnActionsMatchTheShares() {
        var w = MattermostWorkload(speedup: 1, random: SplitMix64(state: 0xACE))
        var counts: [MattermostAction: Int] = [:]
        let n = 200_000
        for _ in 0..<n { counts[w.nextAction(), default: 0] += 1 }
        for (action, share) in MattermostMix.shares {
            let seen = Double(counts[action, default: 0]) / Double(n)
            #expect(abs(seen - share) < 4 * (share * (1 - share) / Double(n)).squareRoot() + 1e-4, "\(action): \(seen)")
        }
    }

    @Test(arguments: [1.0, 10.0, 50.0])
    func thinkTimeIsExponentialWithTheMean(speedup: Double) {
        let seed: UInt64 = 0x7E57_0001
        var w = MattermostWorkload(speedup: speedup, random: SplitMix64(state: seed))
        let n = 20_000
        var sum = 0.0
        var overMean = 0
        for _ in 0..<n {
            let s = Double(w.thinkNanos()) / 1e9
            sum += s
            if s > w.thinkMeanSeconds { overMean += 1 }
        }
        let mean = sum / Double(n)
        #expect(abs(mean / (108 / speedup) - 1) < 0.03, "seed \(seed): mean \(mean)")
        // An exponential exceeds its mean with probability 1/e.
        #expect(abs(Double(overMean) / Double(n) - 0.3679) < 0.015, "seed \(seed)")
    }

    @Test func thinkTimeIsCappedAndDueIsFromNow() {
        var w = MattermostWorkload(speedup: 1, random: ScriptedRandom(values: [UInt64.max]))
        #expect(w.thinkNanos() == UInt64(108 * 20 * 1e9))
        var z = MattermostWorkload(speedup: 2, random: ScriptedRandom(values: [0]))
        #expect(z.nextDue(now: 5_000) == 5_000)
    }

    @Test func realRunsDrawAboutTheMix() {
        var w = MattermostWorkload(speedup: 1, random: SplitMix64(state: 42))
        var counts: [MattermostAction: Int] = [:]
        var replies = 0
        for _ in 0..<100_000 {
            counts[w.nextAction(), default: 0] += 1
            if w.isReply() { replies += 1 }
        }
        #expect(abs(Double(counts[.post]!) / 100_000 - 0.074) < 0.004, "seed 42")
        #expect(abs(Double(replies) / 100_000 - 0.18) < 0.005, "seed 42")
    }
}

@Suite struct HealthAndRampTests {
    let rule = HealthRule()

    @Test func verdictChecksEachLimit() {
        #expect(rule.verdict(attempts: 10_000, errors: 2, meanMs: 99, p99Ms: 1999).healthy)
        #expect(rule.verdict(attempts: 0, errors: 0, meanMs: 0, p99Ms: 0).healthy)
        let slow = rule.verdict(attempts: 100, errors: 0, meanMs: 101, p99Ms: 100)
        #expect(!slow.healthy && slow.reasons.count == 1 && slow.reasons[0].hasPrefix("mean latency"))
        #expect(!rule.verdict(attempts: 100, errors: 0, meanMs: 10, p99Ms: 2001).healthy)
        // 0.025 %: 3 errors in 10,000 is too many, 2.5 in 10,000 is the limit.
        #expect(!rule.verdict(attempts: 10_000, errors: 3, meanMs: 10, p99Ms: 10).healthy)
        #expect(rule.verdict(attempts: 40_000, errors: 10, meanMs: 10, p99Ms: 10).healthy)
        #expect(rule.verdict(attempts: 100, errors: 100, meanMs: 500, p99Ms: 5000).reasons.count == 3)
    }

    @Test func rampClimbsWhileHealthyAndHoldsTheLastHealthyStep() {
        var ramp = Ramp(start: 100, step: 100, max: 1000, stepSeconds: 10)
        #expect(ramp.begin(now: 0) == 100)
        #expect(!ramp.isStepOver(now: 9_999_999_999))
        #expect(ramp.isStepOver(now: 10_000_000_000))
        let ok = HealthRule.Verdict(healthy: true, reasons: [])
        #expect(ramp.stepEnded(ok, now: 10_000_000_000) == .next(users: 200))
        #expect(!ramp.isStepOver(now: 19_000_000_000))
        #expect(ramp.stepEnded(ok, now: 20_000_000_000) == .next(users: 300))
        #expect(ramp.stepEnded(.init(healthy: false, reasons: ["p99 latency 3000 ms > 2000 ms"]), now: 30_000_000_000) == .stop)
        #expect(ramp.held == 200)
        #expect(ramp.limit == "300 users unhealthy: p99 latency 3000 ms > 2000 ms")
        #expect(!ramp.isStepOver(now: .max))
    }

    @Test func rampStopsAtItsMaximum() {
        var ramp = Ramp(start: 100, step: 150, max: 300, stepSeconds: 1)
        _ = ramp.begin(now: 0)
        let ok = HealthRule.Verdict(healthy: true, reasons: [])
        #expect(ramp.stepEnded(ok, now: 1) == .next(users: 250))
        #expect(ramp.stepEnded(ok, now: 2) == .next(users: 300))
        #expect(ramp.stepEnded(ok, now: 3) == .stop)
        #expect(ramp.held == 300 && ramp.limit == "reached --users-max 300" && ramp.steps == 3)
    }

    @Test func firstStepUnhealthyHoldsNone() {
        var ramp = Ramp(start: 50, step: 50, max: 100, stepSeconds: 1)
        _ = ramp.begin(now: 0)
        #expect(ramp.stepEnded(.init(healthy: false, reasons: ["x"]), now: 1) == .stop)
        #expect(ramp.held == nil)
    }
}

@Suite struct DueHeapTests {
    @Test func popsInDueOrderOnlyWhenDue() {
        var heap = DueHeap()
        var rng = SplitMix64(state: 9)
        let dues = (0..<500).map { _ in rng.next() % 1_000_000 }
        for (i, d) in dues.enumerated() { heap.push(.init(due: d, user: Int32(i), task: .action)) }
        #expect(heap.popDue(now: dues.min()! - 1) == nil || dues.min()! == 0)
        var last: UInt64 = 0
        var popped = 0
        while let e = heap.popDue(now: .max) {
            #expect(e.due >= last)
            last = e.due
            popped += 1
        }
        #expect(popped == 500)
    }
}
