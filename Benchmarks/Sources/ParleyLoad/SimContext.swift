/// What the simulated users of one driver thread share: the workload (and so the random source), the ids of the
/// population's channels and users, and the recent thread roots of each channel that replies pick from. One per
/// driver thread (`// driver thread only`).
struct SimContext: Sendable {
    /// Recent roots kept per channel; replies go to one of them.
    static let rootsPerChannelMax = 16

    var workload: MattermostWorkload<SplitMix64>
    let channelIDs: [String]
    let userIDs: [String]
    /// Users a DM may go to: every simulated user's population index.
    let directTargets: [Int]
    private(set) var roots: [[String]]
    private var rootNext: [Int]
    private var posts = 0

    init(workload: MattermostWorkload<SplitMix64>, channelIDs: [String], userIDs: [String], directTargets: [Int]) {
        self.workload = workload
        self.channelIDs = channelIDs
        self.userIDs = userIDs
        self.directTargets = directTargets
        roots = [[String]](repeating: [], count: channelIDs.count)
        rootNext = [Int](repeating: 0, count: channelIDs.count)
    }

    mutating func rememberRoot(_ id: String, channel: Int) {
        if roots[channel].count < Self.rootsPerChannelMax {
            roots[channel].append(id)
        } else {
            roots[channel][rootNext[channel]] = id
            rootNext[channel] = (rootNext[channel] + 1) % Self.rootsPerChannelMax
        }
    }

    /// Drops a deleted root, so no reply or permalink goes to it.
    mutating func forgetRoot(_ id: String, channel: Int) {
        guard let i = roots[channel].firstIndex(of: id) else { return }
        roots[channel].remove(at: i)
        rootNext[channel] = roots[channel].isEmpty ? 0 : rootNext[channel] % roots[channel].count
    }

    /// A root to reply to in `channel`, if one is known.
    mutating func rootToReply(channel: Int) -> String? {
        roots[channel].isEmpty ? nil : roots[channel][workload.pick(roots[channel].count)]
    }

    static let words = ["the", "load", "test", "said", "parley", "channel", "post", "thread", "reply", "lunch",
                        "deploy", "review", "meeting", "ship", "today", "later", "sounds", "good", "thanks", "ok"]

    /// A chat-like message: a few words (20 to about 200 bytes), numbered so no two are the same.
    mutating func message() -> String {
        posts += 1
        var text = "m\(posts)"
        let count = 3 + workload.pick(30)
        for _ in 0..<count { text += " " + Self.words[workload.pick(Self.words.count)] }
        return text
    }
}
