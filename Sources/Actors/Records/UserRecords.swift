/// A new account (sign-up, an admin creating a user, an import).
public struct UserCreated: ChatRecord {
    public static let kind: UInt16 = 1
    public var user: User
    public var targets: [ActorAddress] { [.directory] }

    public init(user: User) { self.user = user }
    public func encode(into w: inout ByteWriter) { w.write(user) }
    public init(from r: inout ByteReader) throws(ChatError) { user = try r.readUser() }

    public func apply(to state: inout DirectoryState) {
        state.put(user)
    }
}

/// The whole user after a change (profile patch, roles, password, activation). Deactivation revokes every
/// session in the same record, so no token outlives it even across a crash.
public struct UserUpdated: ChatRecord {
    public static let kind: UInt16 = 2
    public var user: User
    public var targets: [ActorAddress] { [.directory] }

    public init(user: User) { self.user = user }
    public func encode(into w: inout ByteWriter) { w.write(user) }
    public init(from r: inout ByteReader) throws(ChatError) { user = try r.readUser() }

    public func apply(to state: inout DirectoryState) {
        state.put(user)
        if !user.isActive {
            for token in state.sessionTokens[user.id] ?? [] { state.removeSession(token: token) }
        }
    }
}

/// A failed login: the count drives the lock-out back-off and survives restarts.
public struct LoginFailed: ChatRecord {
    public static let kind: UInt16 = 3
    public var userID: ID
    public var failedAttempts: Int
    public var at: Int64
    public var targets: [ActorAddress] { [.directory] }

    public init(userID: ID, failedAttempts: Int, at: Int64) {
        self.userID = userID
        self.failedAttempts = failedAttempts
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(userID); w.write(Int64(failedAttempts)); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) {
        userID = try r.readID(); failedAttempts = Int(try r.read(Int64.self)); at = try r.read(Int64.self)
    }

    public func apply(to state: inout DirectoryState) {
        state.users[userID]?.failedAttempts = failedAttempts
    }
}

/// A successful login: the new session; the user's failed-attempt count goes back to zero.
public struct SessionCreated: ChatRecord {
    public static let kind: UInt16 = 4
    public var session: Session
    public var targets: [ActorAddress] { [.directory] }

    public init(session: Session) { self.session = session }
    public func encode(into w: inout ByteWriter) { w.write(session) }
    public init(from r: inout ByteReader) throws(ChatError) { session = try r.readSession() }

    public func apply(to state: inout DirectoryState) {
        state.addSession(session)
        state.users[session.userID]?.failedAttempts = 0
        state.users[session.userID]?.lastLogin = session.createAt
    }
}

/// Logout, revocation of one or all of a user's sessions, and the removal of expired ones.
public struct SessionsRevoked: ChatRecord {
    public static let kind: UInt16 = 5
    public var tokens: [String]
    public var targets: [ActorAddress] { [.directory] }

    public init(tokens: [String]) { self.tokens = tokens }
    public func encode(into w: inout ByteWriter) { w.write(tokens) }
    public init(from r: inout ByteReader) throws(ChatError) { tokens = try r.readStrings() }

    public func apply(to state: inout DirectoryState) {
        for token in tokens { state.removeSession(token: token) }
    }
}

/// A new password: the user with the new hash, and the sessions that end with the change (all but the caller's).
public struct PasswordChanged: ChatRecord {
    public static let kind: UInt16 = 6
    public var user: User
    public var revokedTokens: [String]
    public var targets: [ActorAddress] { [.directory] }

    public init(user: User, revokedTokens: [String]) {
        self.user = user
        self.revokedTokens = revokedTokens
    }

    public func encode(into w: inout ByteWriter) { w.write(user); w.write(revokedTokens) }
    public init(from r: inout ByteReader) throws(ChatError) { user = try r.readUser(); revokedTokens = try r.readStrings() }

    public func apply(to state: inout DirectoryState) {
        state.put(user)
        for token in revokedTokens { state.removeSession(token: token) }
    }
}

/// A user's last activity, journaled at most once a minute per user (daily and monthly active users).
public struct UserActive: ChatRecord {
    public static let kind: UInt16 = 7
    public var userID: ID
    public var at: Int64
    public var targets: [ActorAddress] { [.directory] }

    public init(userID: ID, at: Int64) {
        self.userID = userID
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(userID); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) { userID = try r.readID(); at = try r.read(Int64.self) }

    public func apply(to state: inout DirectoryState) {
        state.users[userID]?.lastActivityAt = at
    }
}
