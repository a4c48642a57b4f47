import Testing
@testable import Server

@Suite struct LoginThrottleTests {
    /// Fails `count` times on one account, each from a fresh address so only the account limit can apply.
    private func fail(_ throttle: inout LoginThrottle, account: String, times count: Int, at now: Int64) {
        for index in 0..<count {
            throttle.recordFailure(account: account, address: "10.0.\(index).\(now % 256)", now: now)
        }
    }

    @Test func tenFailuresAreFreeThenBackOffDoubles() {
        var throttle = LoginThrottle()
        var now: Int64 = 1_000_000
        for index in 0..<10 {
            #expect(throttle.check(account: "admin", address: "a\(index)", now: now) == .allowed)
            throttle.recordFailure(account: "admin", address: "a\(index)", now: now)
            now += 10
        }
        let last = now - 10
        #expect(throttle.check(account: "admin", address: "x", now: last) == .retryAfter(ms: 1_000))
        #expect(throttle.check(account: "admin", address: "x", now: last + 999) == .retryAfter(ms: 1))
        #expect(throttle.check(account: "admin", address: "x", now: last + 1_000) == .allowed)

        var failedAt = last + 1_000
        var expected: Int64 = 2_000
        for _ in 0..<20 {
            throttle.recordFailure(account: "admin", address: "x", now: failedAt)
            #expect(throttle.check(account: "admin", address: "y", now: failedAt) == .retryAfter(ms: expected))
            failedAt += expected
            #expect(throttle.check(account: "admin", address: "y", now: failedAt) == .allowed)
            expected = min(expected * 2, LoginThrottle.backoffCapMs)
        }
        // The cap holds: never more than 15 minutes, and never a permanent lock.
        #expect(expected == 15 * 60 * 1_000)
        #expect(throttle.check(account: "other", address: "y", now: failedAt) == .allowed)
    }

    @Test func successResetsTheAccount() {
        var throttle = LoginThrottle()
        fail(&throttle, account: "bob", times: 12, at: 0)
        #expect(throttle.check(account: "bob", address: "home", now: 0) == .retryAfter(ms: 4_000))
        throttle.recordSuccess(account: "bob")
        #expect(throttle.check(account: "bob", address: "home", now: 0) == .allowed)
        fail(&throttle, account: "bob", times: 9, at: 1)
        #expect(throttle.check(account: "bob", address: "home", now: 1) == .allowed)
        fail(&throttle, account: "bob", times: 1, at: 2)
        #expect(throttle.check(account: "bob", address: "home", now: 2) == .retryAfter(ms: 1_000))
    }

    @Test func perAddressSlidingMinute() {
        var throttle = LoginThrottle(attemptsMax: 10, perAddressPerMinuteMax: 60)
        // One guess against each of 60 accounts from one address: password spraying.
        for index in 0..<60 {
            let now = Int64(index) * 500
            #expect(throttle.check(account: "user\(index)", address: "203.0.113.9", now: now) == .allowed)
            throttle.recordFailure(account: "user\(index)", address: "203.0.113.9", now: now)
        }
        let now: Int64 = 59 * 500 + 1
        #expect(throttle.check(account: "user60", address: "203.0.113.9", now: now) == .retryAfter(ms: 60_000 - now))
        #expect(throttle.check(account: "user60", address: "198.51.100.1", now: now) == .allowed)
        // The oldest failure (at 0) leaves the window at 60 s, which frees one attempt.
        #expect(throttle.check(account: "user60", address: "203.0.113.9", now: 59_999) == .retryAfter(ms: 1))
        #expect(throttle.check(account: "user60", address: "203.0.113.9", now: 60_000) == .allowed)
        throttle.recordFailure(account: "user60", address: "203.0.113.9", now: 60_000)
        #expect(throttle.check(account: "user61", address: "203.0.113.9", now: 60_000) == .retryAfter(ms: 500))
        #expect(throttle.check(account: "user61", address: "203.0.113.9", now: 60_500) == .allowed)
    }

    @Test func successDoesNotClearTheAddress() {
        var throttle = LoginThrottle(attemptsMax: 10, perAddressPerMinuteMax: 3)
        for index in 0..<3 {
            throttle.recordFailure(account: "victim\(index)", address: "evil", now: 0)
        }
        throttle.recordSuccess(account: "attackers-own")
        #expect(throttle.check(account: "attackers-own", address: "evil", now: 0) == .retryAfter(ms: 60_000))
    }

    @Test func theLongerOfBothWaitsApplies() {
        var throttle = LoginThrottle(attemptsMax: 1, perAddressPerMinuteMax: 1)
        throttle.recordFailure(account: "a", address: "ip", now: 0)
        #expect(throttle.check(account: "a", address: "ip", now: 0) == .retryAfter(ms: 60_000))
        #expect(throttle.check(account: "a", address: "other", now: 0) == .retryAfter(ms: 1_000))
        #expect(throttle.check(account: "b", address: "ip", now: 0) == .retryAfter(ms: 60_000))
    }

    @Test func quietAddressesAreForgotten() {
        var throttle = LoginThrottle()
        throttle.recordFailure(account: "a", address: "ip", now: 0)
        #expect(throttle.trackedAddresses == 1)
        #expect(throttle.check(account: "a", address: "ip", now: 59_999) == .allowed)
        #expect(throttle.trackedAddresses == 1)
        #expect(throttle.check(account: "a", address: "ip", now: 60_000) == .allowed)
        #expect(throttle.trackedAddresses == 0)
    }

    @Test func evictionDropsTheLeastRecentlyFailed() {
        var throttle = LoginThrottle(attemptsMax: 1, perAddressPerMinuteMax: 1_000, trackedMax: 3)
        for account in ["a", "b", "c"] {
            throttle.recordFailure(account: account, address: "ip", now: 0)
        }
        // A fresh failure on "a" makes "b" the oldest, so adding "d" evicts "b", not the account under attack.
        throttle.recordFailure(account: "a", address: "ip", now: 1)
        throttle.recordFailure(account: "d", address: "ip", now: 2)
        #expect(throttle.trackedAccounts == 3)
        #expect(throttle.check(account: "b", address: "ip", now: 2) == .allowed)
        #expect(throttle.check(account: "a", address: "ip", now: 2) != .allowed)
        #expect(throttle.check(account: "c", address: "ip", now: 2) != .allowed)
        #expect(throttle.check(account: "d", address: "ip", now: 2) != .allowed)
    }

    @Test func defaultBoundIs100000PerTable() {
        var throttle = LoginThrottle()
        for index in 0...LoginThrottle.trackedMax {
            throttle.recordFailure(account: "u\(index)", address: "ip\(index)", now: Int64(index))
        }
        #expect(LoginThrottle.trackedMax == 100_000)
        #expect(throttle.trackedAccounts == 100_000)
        #expect(throttle.trackedAddresses == 100_000)
    }

    @Test func repeatedCyclesKeepWorking() {
        // Failure-then-success cycles leave garbage in the recency log; compaction must keep the table correct.
        var throttle = LoginThrottle(attemptsMax: 2, perAddressPerMinuteMax: 1_000_000, trackedMax: 4)
        for round in 0..<5_000 {
            let now = Int64(round)
            throttle.recordFailure(account: "cycler", address: "ip", now: now)
            throttle.recordFailure(account: "k\(round % 7)", address: "ip", now: now)
            throttle.recordSuccess(account: "cycler")
        }
        #expect(throttle.trackedAccounts <= 4)
        #expect(throttle.check(account: "cycler", address: "elsewhere", now: 5_000) == .allowed)
    }
}
