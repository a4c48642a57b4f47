import Testing

@testable import ParleyLoad

@Suite struct RampScheduleTests {
    @Test func dueTimesInvertTheCount() {
        let ramp = RampSchedule(startPerSecond: 100, maxPerSecond: 1100, rampSeconds: 10)
        #expect(ramp.rate(atSeconds: 0) == 100 && ramp.rate(atSeconds: 5) == 600 && ramp.rate(atSeconds: 12) == 1100)
        #expect(ramp.count(atSeconds: 10) == 6000 && ramp.count(atSeconds: 11) == 7100)
        #expect(ramp.dueSeconds(0) == 0)
        for index in [1, 99, 100, 1234, 5999, 6000, 6001, 20_000] {
            let t = ramp.dueSeconds(index)
            #expect(abs(ramp.count(atSeconds: t) - Double(index)) < 1e-6, "index \(index) due at \(t)")
            #expect(ramp.dueSeconds(index + 1) > t, "index \(index)")
        }
    }

    @Test func flatAndScaled() {
        let flat = RampSchedule(startPerSecond: 50, maxPerSecond: 50, rampSeconds: 3)
        #expect(flat.dueSeconds(25) == 0.5 && flat.dueSeconds(200) == 4)
        let half = RampSchedule(startPerSecond: 100, maxPerSecond: 1100, rampSeconds: 10).scaled(by: 0.5)
        #expect(half == RampSchedule(startPerSecond: 50, maxPerSecond: 550, rampSeconds: 10))
    }
}

@Suite struct StormMonitorTests {
    static func monitor(target: Int = 1000, failuresMax: Int = 0) -> StormMonitor {
        StormMonitor(schedule: RampSchedule(startPerSecond: 100, maxPerSecond: 100, rampSeconds: 0), target: target,
                     failuresMax: failuresMax, lagSecondsMax: 1, timeoutSeconds: 60)
    }

    @Test func keepsUpThenReachesTheTarget() {
        var m = Self.monitor(target: 300)
        for step in 1...11 {
            #expect(m.observe(seconds: Double(step) * 0.25, ready: step * 25, failed: 0) == .going, "step \(step)")
        }
        #expect(m.observe(seconds: 3, ready: 300, failed: 0) == .stop(.target))
        #expect(m.samples.count == 12 && m.samples[3] == .init(seconds: 1, offeredPerSecond: 100, ready: 100, failed: 0))
        #expect(m.peakPerSecond == 100 && m.readyInSecond(endingAt: 1) == 50)
    }

    @Test func stopsWhenBehindOrFailing() {
        var behind = Self.monitor()
        #expect(behind.observe(seconds: 1.5, ready: 50, failed: 0) == .going)
        #expect(behind.observe(seconds: 2.1, ready: 100, failed: 0) == .stop(.behind))
        var failing = Self.monitor(failuresMax: 2)
        #expect(failing.observe(seconds: 0.5, ready: 40, failed: 2) == .going)
        #expect(failing.observe(seconds: 0.75, ready: 60, failed: 3) == .stop(.failures))
        var slow = StormMonitor(schedule: RampSchedule(startPerSecond: 1, maxPerSecond: 1, rampSeconds: 0), target: 10,
                                failuresMax: 0, lagSecondsMax: 100, timeoutSeconds: 5)
        #expect(slow.observe(seconds: 5, ready: 1, failed: 0) == .stop(.timeout))
    }

    @Test func achievedRate() {
        #expect(StormResult.rate(ready: 500, startNanos: 1_000_000_000, lastReadyNanos: 1_500_000_000) == 1000)
        #expect(StormResult.rate(ready: 0, startNanos: 0, lastReadyNanos: 0) == 0)
    }
}

@Suite struct IdleStatisticsTests {
    @Test func bytesPerConnectionAndRatios() {
        #expect(IdleResult.bytesPerConnection(baseline: 1_000_000, held: 8_000_000, connections: 10_000) == 700)
        #expect(IdleResult.bytesPerConnection(baseline: nil, held: 8_000_000, connections: 10_000) == nil)
        #expect(IdleResult.bytesPerConnection(baseline: 1, held: 2, connections: 0) == nil)
        func result(_ system: String, _ bytes: Double?) -> IdleResult {
            IdleResult(system: system, connections: 1, ready: 1, connectFailures: 0, disconnects: 0, connectSeconds: 1,
                       connectionsPerSecond: 1, bytesPerConnection: bytes)
        }
        let ratios = IdleReport.ratios([result("Parley", 700), result("Redis", 10_000), result("NATS", 20_000), result("X", nil)])
        #expect(ratios == ["Redis": 0.07, "NATS": 0.035])
        #expect(IdleReport.ratios([result("Parley", nil), result("Redis", 1)]).isEmpty)
    }

    @Test func handshakesAreRecordedAndMerged() {
        var a = DeliveryRecorder()
        a.now = 3_000_000
        a.handshaken(openedNanos: 1_000_000)
        var b = DeliveryRecorder()
        b.now = 9_000_000
        b.handshaken(openedNanos: 5_000_000)
        a.merge(b)
        #expect(a.handshakes.totalCount == 2 && a.firstReadyNanos == 3_000_000 && a.lastReadyNanos == 9_000_000)
        #expect(a.handshakes.max >= 3_990_000 && a.handshakes.min <= 2_001_000)
    }
}
