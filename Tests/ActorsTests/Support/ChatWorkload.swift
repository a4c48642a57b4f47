import Snapshot
@testable import Actors

/// A seeded random sequence of chat operations over a small world (a few users, teams, channels and posts),
/// each driven through the real actors. Refused operations are part of the point: a refusal must leave no trace
/// in the journal or the state. The world remembers ids only; it never decides what the actors answer.
struct ChatWorkload {
    static let usersMax = 8
    static let teamsMax = 3
    static let channelsPerTeamMax = 4
    static let clockStepMillisMax: Int64 = 5000
    static let kinds = 20

    var rng: SeededRandom
    var users: [User] = []
    var teams: [ID] = []
    var channels: [ID] = []
    var posts: [(channel: ID, post: ID)] = []
    var tokens: [(user: ID, token: String)] = []
    /// Teams whose default channels are not yet in `channels`. Reading a team's state applies the records other
    /// actors left for it, so the workload looks only later, at a random step: operations on a team that has not
    /// yet applied its own creation are part of what must agree with replay.
    var unreadTeams: [ID] = []
    /// Operations run and operations refused, so a test can check it exercised both.
    var ran = 0
    var refused = 0

    init(seed: UInt64) {
        rng = SeededRandom(seed: seed)
    }

    mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int.random(in: 0..<items.count, using: &rng)]
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    /// Runs `count` operations on `node`, advancing `clock` between them.
    mutating func run(_ count: Int, on node: ChatNode, clock: ManualChatClock) async throws {
        if users.isEmpty { users.append(try await node.signUp("admin").user) }
        for _ in 0..<count {
            clock.advance(millis: Int64.random(in: 0...Self.clockStepMillisMax, using: &rng))
            let kind = Int.random(in: 0..<Self.kinds, using: &rng)
            ran += 1
            if !unreadTeams.isEmpty && chance(15) {
                for team in unreadTeams {
                    let t = await node.teamState(team)
                    channels += [t.townSquareID, t.offTopicID]
                }
                unreadTeams = []
            }
            do {
                try await step(kind, node)
            } catch let error as ChatError {
                guard error.kind != .unavailable && error.kind != .corrupt else { throw error }
                refused += 1
            }
        }
    }

    /// A random member of `channel` (nil when it has none).
    mutating func member(of channel: ID, _ node: ChatNode) async throws -> User? {
        let ids = Set(try await node.channel(channel).memberIDs())
        return pick(users.filter { ids.contains($0.id) })
    }

    /// One operation of kind `kind` (0 ..< `kinds`).
    mutating func step(_ kind: Int, _ n: ChatNode) async throws {
        switch kind {
        case 0...5, 13...15: try await membership(kind, n)
        case 6...12: try await content(kind, n)
        default: try await account(kind, n)
        }
    }

    /// Sign-up, teams, channels, DMs and GMs: the operations that span actors.
    mutating func membership(_ kind: Int, _ n: ChatNode) async throws {
        switch kind {
        case 0:
            guard users.count < Self.usersMax else { return try await step(6, n) }
            users.append(try await n.signUp("u\(users.count)-\(UInt16.random(in: 0...UInt16.max, using: &rng))").user)
        case 1:
            guard teams.count < Self.teamsMax, let u = pick(users) else { return try await step(6, n) }
            let team = try await n.createTeam("team\(teams.count)-\(UInt16.random(in: 0...9999, using: &rng))", by: u)
            teams.append(team)
            unreadTeams.append(team)
        case 2:
            guard let t = pick(teams), let u = pick(users) else { return }
            try await n.join(team: t, u)
        case 3:
            guard let t = pick(teams), let u = pick(users) else { return }
            let by = chance(70) ? u : users[0]
            try await n.team(t).leave(u.id, username: u.username, by: n.caller(by, team: t))
        case 4:
            guard let t = pick(teams), let u = pick(users),
                  await n.teamState(t).channelsByName.count < Self.channelsPerTeamMax + 2 else { return }
            let kind: Channel.Kind = chance(70) ? .open : .privateChannel
            let id = try await n.team(t).createChannel(name: "c\(UInt16.random(in: 0...9999, using: &rng))", displayName: "C",
                                                       kind: kind, purpose: "", header: "", by: n.caller(u, team: t))
            channels.append(id)
        case 5:
            guard let c = pick(channels), let u = pick(users) else { return }
            try await n.join(channel: c, u, by: chance(30) ? try await member(of: c, n) : nil)
        case 13:
            guard let c = pick(channels), let u = try await member(of: c, n) else { return }
            if chance(50) { _ = try await n.channel(c).view(by: u.id) } else {
                try await n.channel(c).remove(u.id, username: u.username, by: n.caller(u, channel: c), callerName: u.username)
            }
        case 14:
            guard let a = pick(users), let b = pick(users) else { return }
            channels.append(try await n.directory.createDirect(a.id, b.id, by: n.caller(a, team: nil)))
        default:
            guard users.count >= 3, let a = pick(users), let b = pick(users), let c = pick(users) else { return }
            channels.append(try await n.directory.createGroup([b.id, c.id], by: n.caller(a, team: nil)))
        }
    }

    /// Posts and what happens to them.
    mutating func content(_ kind: Int, _ n: ChatNode) async throws {
        switch kind {
        case 6, 7, 8:
            try await post(n)
        case 9:
            guard let (c, p) = pick(posts), let u = try await member(of: c, n) else { return }
            _ = try await n.channel(c).editPost(p, message: "edited \(ran)", props: nil, by: n.caller(u, channel: c))
        case 10:
            guard let (c, p) = pick(posts), let u = try await member(of: c, n) else { return }
            _ = try await n.channel(c).deletePost(p, by: n.caller(u, channel: c))
        case 11:
            guard let (c, p) = pick(posts), let u = try await member(of: c, n) else { return }
            _ = try await n.channel(c).pin(p, chance(70), by: n.caller(u, channel: c))
        default:
            guard let (c, p) = pick(posts), let u = try await member(of: c, n) else { return }
            let emoji = pick(["smile", "+1", "tada", "eyes"])!
            _ = try await n.channel(c).react(p, emoji: emoji, added: chance(75), by: n.caller(u, channel: c))
        }
    }

    /// Preferences, statuses, sessions, activation and channel settings.
    mutating func account(_ kind: Int, _ n: ChatNode) async throws {
        switch kind {
        case 16:
            guard let u = pick(users) else { return }
            let key = PreferenceKey(category: pick(["favorite_channel", "display_settings"])!, name: "k\(Int.random(in: 0..<3, using: &rng))")
            let caller = try await n.caller(u, team: nil)
            if chance(70) { try await n.directory.setPreferences(of: u.id, [(key, "v\(ran)")], by: caller) } else {
                try await n.directory.deletePreferences(of: u.id, [key], by: caller)
            }
            _ = try await n.directory.setStatus(of: u.id, pick(["online", "away", "dnd"])!, dndEndTime: Int64(ran),
                                                by: caller)
        case 17:
            guard let u = pick(users) else { return }
            tokens.append((u.id, try await n.directory.createSession(for: u.id, deviceID: "", props: [:]).0.token))
            if chance(30), let (user, token) = pick(tokens) {
                try await n.directory.revokeSessions(of: user, tokens: [token])
            }
        case 18:
            guard users.count > 1, let u = pick(Array(users.dropFirst())) else { return }
            let admin = try await n.caller(users[0], team: nil)
            let active = try await n.directory.user(u.id).isActive
            _ = try await n.directory.setActive(u.id, active: !active || chance(20), by: admin)
        default:
            guard let c = pick(channels), let u = try await member(of: c, n) else { return }
            var patch = ChannelPatch()
            patch.header = "header \(ran)"
            if chance(30) { patch.displayName = "Renamed \(ran)" }
            _ = try await n.channel(c).patch(patch, by: n.caller(u, channel: c), callerName: u.username)
        }
    }

    /// A post or reply by a member, sometimes mentioning another user.
    mutating func post(_ n: ChatNode) async throws {
        guard let c = pick(channels), let u = try await member(of: c, n) else { return }
        let root = chance(30) ? pick(posts.filter { $0.channel == c })?.post : nil
        let mention = chance(40) ? pick(users).map { " @\($0.username)" } ?? "" : ""
        let pending = chance(20) ? "\(u.id):\(Int.random(in: 0..<4, using: &rng))" : ""
        let made = try await n.post("message \(ran)\(mention)", in: c, by: u, root: root, pending: pending)
        if !posts.contains(where: { $0.post == made.id }) { posts.append((c, made.id)) }
    }
}
