/// A Mattermost-like population as made on the server (`MixPlan` with the server's ids and every user's token),
/// kept in `--state` so a re-run against the same data skips all of it. `admin` signed up first (the system admin
/// on a fresh server), made the teams and channels, and is not simulated; `users` are.
struct MixPopulation: JSONFile, Sendable {
    struct Channel: Codable, Sendable {
        var id: String
        var kind: MixPlan.Kind
        var team: Int?
        var members: [Int]
    }

    var shape: MixShape
    var admin: Population.Member
    var users: [Population.Member]
    var teamIDs: [String] = []
    var channels: [Channel] = []
    /// False until every step of the build finished; an unfinished state keeps its logins only.
    var complete = false

    static let adminName = "mix-admin"
    static func username(_ index: Int) -> String { "mix-user-\(index)" }

    /// Whether the server still knows it: the admin's and the last user's tokens work.
    func isValid(on client: RESTClient) -> Bool {
        [admin, users.last ?? admin].allSatisfy { member in
            (try? client.request("GET", "/api/v4/users/me", token: member.token))?.status == 200
        }
    }

    /// Each simulated user's channels, as indices into `channels`.
    var memberships: [[Int]] {
        var out = [[Int]](repeating: [], count: users.count)
        for (i, c) in channels.enumerated() { for m in c.members { out[m].append(i) } }
        return out
    }

    var summary: String {
        let kinds = Dictionary(grouping: channels, by: \.kind).mapValues(\.count)
        let memberships = channels.reduce(0) { $0 + $1.members.count }
        return "\(users.count) users in \(teamIDs.count) teams; channels: \(kinds[.open] ?? 0) public, "
            + "\(kinds[.privateGroup] ?? 0) private, \(kinds[.direct] ?? 0) DMs, \(kinds[.group] ?? 0) GMs; "
            + "\(memberships) channel memberships, largest channel \(channels.map(\.members.count).max() ?? 0)"
    }
}
