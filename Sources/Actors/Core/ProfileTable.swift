import Synchronization

/// What mention parsing needs of every user (username, first name, notify props), kept beside the directory so
/// a channel actor builds its mention candidates at post time without a hop to the directory or copying whole
/// users. The directory publishes every user record it commits; recovery fills it from the recovered state.
public final class ProfileTable: Sendable {
    struct Profile: Sendable {
        var username: String
        var firstName: String
        var notifyProps: [String: String]
    }

    private let profiles = Mutex<[ID: Profile]>([:])
    private let byUsername = Mutex<[String: ID]>([:])

    public init() {}

    func put(_ user: User) {
        let old = profiles.withLock { table -> String? in
            defer { table[user.id] = Profile(username: user.username, firstName: user.firstName, notifyProps: user.notifyProps) }
            return table[user.id]?.username
        }
        byUsername.withLock { map in
            if let old, old != user.username, map[old] == user.id { map[old] = nil }
            map[user.username] = user.id
        }
    }

    /// The `@username` a post's events show for its author ("" for an unknown user).
    public func username(of id: ID) -> String { profiles.withLock { $0[id]?.username ?? "" } }

    /// The user with this username (lowercase), if any.
    public func user(named username: String) -> ID? { byUsername.withLock { $0[username] } }

    /// One candidate per known user among `ids`, with presence read from `presence` now (for `@here`).
    func candidates<S: Sequence>(_ ids: S, presence: PresenceTable) -> [MentionCandidate] where S.Element == ID {
        let found = profiles.withLock { table in ids.compactMap { id in table[id].map { (id, $0) } } }
        return found.map { id, p in
            MentionCandidate(userID: id, username: p.username, firstName: p.firstName, notifyProps: p.notifyProps,
                             isOnline: presence.isOnline(id))
        }
    }
}
