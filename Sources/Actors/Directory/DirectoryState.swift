import Snapshot

/// What the directory actor owns: users and their indexes, sessions, the global indexes that need one owner
/// to stay unique (usernames, e-mails, team names, invite ids, DM/GM names), which teams and channels each user
/// belongs to, preferences and statuses.
public struct DirectoryState: ActorState {
    public var appliedLSN: LSN = 0
    public var users: [ID: User] = [:]
    public var userByName: [String: ID] = [:]
    public var userByEmail: [String: ID] = [:]
    public var sessions: [String: Session] = [:]         // by token
    public var sessionTokens: [ID: Set<String>] = [:]    // user → tokens
    public var teamByName: [String: ID] = [:]
    public var teamByInvite: [ID: ID] = [:]              // invite id → team
    public var teamsOf: [ID: Set<ID>] = [:]              // user → teams
    public var channelsOf: [ID: Set<ID>] = [:]           // user → channels (every kind)
    public var channelByDirectName: [String: ID] = [:]   // DM and GM names → channel
    public var preferences: [ID: [PreferenceKey: String]] = [:]
    public var statuses: [ID: Status] = [:]
    /// The role definitions every permission check reads (patched by system admins, `PUT /roles/{id}/patch`).
    public var roles = RoleTable.defaults(at: 0)
    /// The configuration as stored by `PUT /config` (JSON text; empty until the first change).
    public var configJSON: [UInt8] = []

    public init() {}

    public mutating func applyRecord(_ record: any ChatRecord) {
        record.apply(to: &self)
    }

    public var hasUsers: Bool { !users.isEmpty }

    public func user(named login: String) -> User? {
        let key = login.lowercased()
        guard let id = userByName[key] ?? userByEmail[key] else { return nil }
        return users[id]
    }

    mutating func put(_ user: User) {
        if let old = users[user.id] {
            if old.username != user.username { userByName[old.username] = nil }
            if old.email != user.email { userByEmail[old.email] = nil }
        }
        users[user.id] = user
        userByName[user.username] = user.id
        userByEmail[user.email] = user.id
    }

    mutating func addSession(_ session: Session) {
        sessions[session.token] = session
        sessionTokens[session.userID, default: []].insert(session.token)
    }

    mutating func removeSession(token: String) {
        guard let session = sessions.removeValue(forKey: token) else { return }
        sessionTokens[session.userID]?.remove(token)
    }
}

/// A preference's identity for one user.
public struct PreferenceKey: Hashable, Sendable, Comparable {
    public var category: String
    public var name: String

    public init(category: String, name: String) {
        self.category = category
        self.name = name
    }

    public static func < (a: PreferenceKey, b: PreferenceKey) -> Bool {
        (a.category, a.name) < (b.category, b.name)
    }
}

/// A user's status as Mattermost reports it (`dnd_end_time` in seconds).
public struct Status: Sendable, Equatable {
    public var userID: ID
    public var status: String
    public var manual: Bool
    public var lastActivityAt: Int64
    public var dndEndTime: Int64 = 0

    public init(userID: ID, status: String, manual: Bool, lastActivityAt: Int64) {
        self.userID = userID
        self.status = status
        self.manual = manual
        self.lastActivityAt = lastActivityAt
    }
}
