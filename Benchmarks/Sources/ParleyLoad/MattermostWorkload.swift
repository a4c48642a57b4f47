import Glibc

/// The Mattermost load-test model as a value type: which action a user takes next and how long it thinks before
/// it. Every user acts once every `thinkMeanSeconds` on average, exponentially distributed (a Poisson process per
/// user, as Mattermost's agents pace themselves), and picks its action from `MattermostMix.shares`. Randomness is
/// injected, so a run repeats from its seed and tests drive it with any generator; time is passed in, never read.
struct MattermostWorkload<Random: RandomNumberGenerator & Sendable>: Sendable {
    /// Mattermost's published model: one action per user every ~108 s (PERFORMANCE.md).
    static var realThinkSeconds: Double { 108 }
    /// The share of actions that are posts (Mattermost's 7.4 %), and the share of those that reply in a thread.
    static var postShare: Double { 0.074 }
    static var replyShare: Double { 0.18 }
    /// A think time never exceeds this many means, so one unlucky draw cannot park a user for a whole run.
    static var thinkMeansMax: Double { 20 }

    let thinkMeanSeconds: Double
    var random: Random

    /// `speedup` divides Mattermost's 108 s think time, for short runs: X users at speed-up S send the requests
    /// of X × S real users (but hold only X sockets).
    init(speedup: Double, random: Random) {
        precondition(speedup > 0, "speedup must be positive")
        thinkMeanSeconds = Self.realThinkSeconds / speedup
        self.random = random
    }

    /// A uniform value in [0, 1).
    mutating func unit() -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }

    /// A uniform index in 0..<count.
    mutating func pick(_ count: Int) -> Int {
        precondition(count > 0, "pick from nothing")
        return Int(random.next() % UInt64(count))
    }

    mutating func nextAction() -> MattermostAction {
        var u = unit()
        for (action, weight) in MattermostMix.shares {
            if u < weight { return action }
            u -= weight
        }
        return MattermostMix.shares[0].0  // rounding left a sliver past the last weight
    }

    /// Whether this post replies in a thread.
    mutating func isReply() -> Bool { unit() < Self.replyShare }

    /// The think time before the next action, exponential with the configured mean.
    mutating func thinkNanos() -> UInt64 {
        let seconds = min(-log(1 - unit()) * thinkMeanSeconds, thinkMeanSeconds * Self.thinkMeansMax)
        return UInt64(seconds * 1e9)
    }

    /// When the action after one at `now` is due.
    mutating func nextDue(now: UInt64) -> UInt64 { now + thinkNanos() }
}
