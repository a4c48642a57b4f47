import Glibc

/// Who is in which team and channel, drawn from a `MixShape` with an injected random source, before anything is
/// made on the server: pure, so tests check its sizes and a re-run with the same seed plans the same population.
/// Users are 0..<users; the builder adds an admin of its own who creates the teams and channels.
struct MixPlan: Sendable, Equatable {
    enum Kind: String, Codable, Sendable { case open = "O", privateGroup = "P", direct = "D", group = "G" }

    struct Channel: Sendable, Equatable {
        var kind: Kind
        /// The team's index; nil for DMs and GMs.
        var team: Int?
        /// The channel's name in its team (nil for DMs and GMs, whose names the server derives); `town-square` and
        /// `off-topic` are looked up, not made.
        var name: String?
        var members: [Int]
    }

    let users: Int
    var teams: [[Int]]
    var channels: [Channel]

    init<R: RandomNumberGenerator>(_ shape: MixShape, random: inout R) {
        precondition(shape.users >= 2 && shape.teams >= 1, "at least 2 users and 1 team")
        users = shape.users
        teams = (0..<shape.teams).map { t in Array(stride(from: t, to: shape.users, by: shape.teams)) }
        if shape.teams > 1 {
            for u in 0..<shape.users where Self.unit(&random) < shape.secondTeamShare {
                teams[(u % shape.teams + 1 + Int(random.next() % UInt64(shape.teams - 1))) % shape.teams].append(u)
            }
        }
        channels = []
        for (t, members) in teams.enumerated() where !members.isEmpty {
            channels.append(Channel(kind: .open, team: t, name: "town-square", members: members))
            channels.append(Channel(kind: .open, team: t, name: "off-topic", members: members))
            for k in 0..<shape.largeChannelsPerTeam {
                let size = max(1, Int(Double(members.count) * shape.largeChannelShare))
                channels.append(Channel(kind: .open, team: t, name: "mix-\(t)-large-\(k)",
                                        members: Self.sample(members, size, &random)))
            }
            addSmallChannels(team: t, members: members, shape: shape, random: &random)
        }
        addConversations(shape, random: &random)
    }

    /// Small channels until the team's members hold `channelsPerUser` memberships each on average.
    private mutating func addSmallChannels<R: RandomNumberGenerator>(team t: Int, members: [Int], shape: MixShape,
                                                                      random: inout R) {
        let wanted = Int(Double(members.count) * shape.channelsPerUser)
        var held = 0
        var k = 0
        while held < wanted {
            let size = min(Self.paretoSize(shape, &random), members.count)
            let kind: Kind = Self.unit(&random) < shape.privateShare ? .privateGroup : .open
            channels.append(Channel(kind: kind, team: t, name: "mix-\(t)-\(k)", members: Self.sample(members, size, &random)))
            held += size
            k += 1
        }
    }

    private mutating func addConversations<R: RandomNumberGenerator>(_ shape: MixShape, random: inout R) {
        var pairs = Set<[Int]>()
        let directs = Int(Double(shape.users) * shape.directsPerUser / 2)
        var tries = 0
        while pairs.count < directs, tries < directs * 4 {
            tries += 1
            let pair = Self.distinct(2, below: shape.users, &random).sorted()
            if pairs.insert(pair).inserted { channels.append(Channel(kind: .direct, team: nil, name: nil, members: pair)) }
        }
        let sizeSpan = UInt64(shape.groupSizeMax - shape.groupSizeMin + 1)
        let groupSizeMean = Double(shape.groupSizeMin + shape.groupSizeMax) / 2
        var groups = Set<[Int]>()
        for _ in 0..<Int(Double(shape.users) * shape.groupsPerUser / groupSizeMean) {
            let size = min(shape.groupSizeMin + Int(random.next() % sizeSpan), shape.users)
            let members = Self.distinct(size, below: shape.users, &random).sorted()
            if groups.insert(members).inserted { channels.append(Channel(kind: .group, team: nil, name: nil, members: members)) }
        }
    }

    /// Each user's channels, as indices into `channels`.
    var memberships: [[Int]] {
        var out = [[Int]](repeating: [], count: users)
        for (i, c) in channels.enumerated() { for m in c.members { out[m].append(i) } }
        return out
    }

    static func unit<R: RandomNumberGenerator>(_ random: inout R) -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }

    /// A Pareto size in sizeMin...sizeMax (draws past the maximum are drawn again).
    static func paretoSize<R: RandomNumberGenerator>(_ shape: MixShape, _ random: inout R) -> Int {
        while true {
            let u = 1 - unit(&random)
            let size = Int(Double(shape.channelSizeMin) / pow(u, 1 / shape.channelSizeShape))
            if size <= shape.channelSizeMax { return size }
        }
    }

    /// `count` distinct numbers below `bound` (count well under bound: DMs and GMs).
    static func distinct<R: RandomNumberGenerator>(_ count: Int, below bound: Int, _ random: inout R) -> [Int] {
        precondition(count <= bound, "\(count) distinct below \(bound)")
        var picked = Set<Int>()
        var out: [Int] = []
        while out.count < count {
            let e = Int(random.next() % UInt64(bound))
            if picked.insert(e).inserted { out.append(e) }
        }
        return out
    }

    /// `count` distinct elements of `from`, in random order.
    static func sample<R: RandomNumberGenerator>(_ from: [Int], _ count: Int, _ random: inout R) -> [Int] {
        let n = min(count, from.count)
        if n * 4 < from.count { return distinct(n, below: from.count, &random).map { from[$0] } }
        var all = from
        for i in 0..<n { all.swapAt(i, i + Int(random.next() % UInt64(all.count - i))) }
        return Array(all.prefix(n))
    }
}
