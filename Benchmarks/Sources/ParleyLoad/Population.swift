import Foundation

/// The benchmark's users, team and channel on the server, with each user's session token. Kept in `--state` so
/// a re-run against the same data skips sign-up and login. User 0 signed up first (the system admin on a fresh
/// server) and created the team and the channel.
struct Population: JSONFile, Sendable {
    struct Member: Codable, Sendable {
        var id: String
        var username: String
        var token: String
    }

    var teamID: String
    var channelID: String
    var users: [Member]

    static let teamName = "load-team"
    static let channelName = "load-fanout"
    static let password = "load-password-1"

    static func username(_ index: Int) -> String { "load-user-\(index)" }

    /// Whether the server still knows this population: user 0's token works and the channel is there.
    func isValid(on client: RESTClient) -> Bool {
        guard let first = users.first,
              let me = try? client.request("GET", "/api/v4/users/me", token: first.token), me.status == 200,
              let channel = try? client.request("GET", "/api/v4/channels/\(channelID)", token: first.token) else {
            return false
        }
        return channel.status == 200
    }
}
