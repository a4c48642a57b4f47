import Snapshot

/// Which users a listing wants (`GET /users` and friends).
public struct UserQuery: Sendable {
    public var inTeam: ID?
    public var notInTeam: ID?
    public var inChannel: ID?
    public var notInChannel: ID?
    public var withoutTeam = false
    public var active: Bool?
    public var page = 0
    public var perPage = 60

    public init() {}
}

/// Reads of accounts and the indexes the directory keeps.
extension DirectoryActor {
    public func user(_ id: ID) async throws(ChatError) -> User {
        try await observe { (s: DirectoryState) throws(ChatError) -> User in
            guard let u = s.users[id] else { throw ChatError.missing("user") }
            return u
        }
    }

    public func user(username: String) async throws(ChatError) -> User {
        try await observe { (s: DirectoryState) throws(ChatError) -> User in
            guard let id = s.userByName[username.lowercased()], let u = s.users[id] else { throw ChatError.missing("user") }
            return u
        }
    }

    public func user(email: String) async throws(ChatError) -> User {
        try await observe { (s: DirectoryState) throws(ChatError) -> User in
            guard let id = s.userByEmail[email.lowercased()], let u = s.users[id] else { throw ChatError.missing("user") }
            return u
        }
    }

    /// Users by id, in the order asked, skipping unknown ids.
    public func users(_ ids: [ID]) async throws(ChatError) -> [User] {
        try await observe { (s: DirectoryState) throws(ChatError) -> [User] in ids.compactMap { s.users[$0] } }
    }

    public func users(usernames: [String]) async throws(ChatError) -> [User] {
        try await observe { (s: DirectoryState) throws(ChatError) -> [User] in
            usernames.compactMap { s.userByName[$0.lowercased()].flatMap { s.users[$0] } }
        }
    }

    /// A page of users sorted by username, filtered by team and channel membership.
    public func users(matching q: UserQuery) async throws(ChatError) -> [User] {
        try await observe { (s: DirectoryState) throws(ChatError) -> [User] in
            let all = s.users.values.filter { u in
                if let t = q.inTeam, !(s.teamsOf[u.id]?.contains(t) ?? false) { return false }
                if let t = q.notInTeam, s.teamsOf[u.id]?.contains(t) ?? false { return false }
                if let c = q.inChannel, !(s.channelsOf[u.id]?.contains(c) ?? false) { return false }
                if let c = q.notInChannel, s.channelsOf[u.id]?.contains(c) ?? false { return false }
                if q.withoutTeam, !(s.teamsOf[u.id]?.isEmpty ?? true) { return false }
                if let a = q.active, a != u.isActive { return false }
                return true
            }.sorted { $0.username < $1.username }
            let start = min(all.count, max(0, q.page) * q.perPage)
            return Array(all[start..<min(all.count, start + q.perPage)])
        }
    }

    /// The @-mention list: active users whose username, first name, last name or nickname starts with `prefix`,
    /// split into channel members and team members outside the channel.
    public func autocomplete(_ prefix: String, team: ID?, channel: ID?, limit: Int) async throws(ChatError)
        -> (users: [User], outOfChannel: [User])
    {
        let p = prefix.lowercased().trimmingCharacters(in: "@ ")
        return try await observe { (s: DirectoryState) throws(ChatError) -> (users: [User], outOfChannel: [User]) in
            var inside: [User] = [], outside: [User] = []
            for u in s.users.values where u.isActive && Self.matches(u, prefix: p) {
                if let team, !(s.teamsOf[u.id]?.contains(team) ?? false) { continue }
                if let channel, !(s.channelsOf[u.id]?.contains(channel) ?? false) { outside.append(u) } else { inside.append(u) }
            }
            let byName: (User, User) -> Bool = { $0.username < $1.username }
            return (Array(inside.sorted(by: byName).prefix(limit)), Array(outside.sorted(by: byName).prefix(limit)))
        }
    }

    static func matches(_ u: User, prefix: String) -> Bool {
        if prefix.isEmpty { return true }
        for field in [u.username, u.firstName, u.lastName, u.nickname] where field.lowercased().hasPrefix(prefix) {
            return true
        }
        return false
    }

    /// The teams and channels (every kind) a user belongs to.
    public func memberships(of userID: ID) async throws(ChatError) -> (teams: Set<ID>, channels: Set<ID>) {
        try await observe { (s: DirectoryState) throws(ChatError) -> (teams: Set<ID>, channels: Set<ID>) in
            (s.teamsOf[userID] ?? [], s.channelsOf[userID] ?? [])
        }
    }

    public func team(named name: String) async throws(ChatError) -> ID? {
        try await observe { (s: DirectoryState) throws(ChatError) -> ID? in s.teamByName[name.lowercased()] }
    }

    public func team(invite: ID) async throws(ChatError) -> ID? {
        try await observe { (s: DirectoryState) throws(ChatError) -> ID? in s.teamByInvite[invite] }
    }

    public var userCount: Int { state.users.count }

    /// Counts for the statistics page: (all, active, daily active, monthly active).
    public func userStatistics(now: Int64) async throws(ChatError) -> (total: Int, inactive: Int, daily: Int, monthly: Int) {
        try await observe { (s: DirectoryState) throws(ChatError) -> (total: Int, inactive: Int, daily: Int, monthly: Int) in
            var inactive = 0, daily = 0, monthly = 0
            for u in s.users.values {
                if !u.isActive { inactive += 1; continue }
                if now - u.lastActivityAt <= 86_400_000 { daily += 1 }
                if now - u.lastActivityAt <= 30 * 86_400_000 { monthly += 1 }
            }
            return (s.users.count, inactive, daily, monthly)
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
