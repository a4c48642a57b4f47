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

    public init() {}

    func put(_ user: User) {
        profiles.withLock { $0[user.id] = Profile(username: user.username, firstName: user.firstName, notifyProps: user.notifyProps) }
    }

    /// One candidate per known user among `ids`, with presence read from `presence` now (for `@here`).
    func candidates<S: Sequence>(_ ids: S, presence: PresenceTable) -> [MentionCandidate] where S.Element == ID {
        let found = profiles.withLock { table in ids.compactMap { id in table[id].map { (id, $0) } } }
        return found.map { id, p in
            MentionCandidate(userID: id, username: p.username, firstName: p.firstName, notifyProps: p.notifyProps,
                             isOnline: presence.isOnline(id))
        }
    }
}
