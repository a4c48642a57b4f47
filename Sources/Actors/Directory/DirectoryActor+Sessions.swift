import Snapshot

/// What login needs before the password check: who the login names and their stored hash. The check itself
/// runs on Server's hashing pool.
public struct LoginCandidate: Sendable {
    public var userID: ID
    public var passwordPHC: String
    public var isActive: Bool
}

/// Logins, sessions and their revocation.
extension DirectoryActor {
    /// The account a login id (username or e-mail, case-insensitive) names, if any.
    public func loginCandidate(_ login: String) async throws(ChatError) -> LoginCandidate? {
        try await observe { (s: DirectoryState) throws(ChatError) -> LoginCandidate? in
            guard let user = s.user(named: login.trimmingSpaces) else { return nil }
            return LoginCandidate(userID: user.id, passwordPHC: user.passwordPHC, isActive: user.isActive)
        }
    }

    /// A failed password check: the count survives restarts.
    public func recordFailedLogin(_ userID: ID) async throws(ChatError) {
        let now = runtime.clock.nowMillis()
        try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard let user = s.users[userID] else { return nil }
            return LoginFailed(userID: userID, failedAttempts: user.failedAttempts + 1, at: now)
        }, result: { _ throws(ChatError) in () })
    }

    /// A successful login: a new session with a fresh token and CSRF value (never reused: A23).
    public func createSession(for userID: ID, deviceID: String, props: [String: String]) async throws(ChatError)
        -> (Session, User)
    {
        let now = runtime.clock.nowMillis()
        let length = runtime.settings.current.sessionLengthMillis
        let token = MattermostID.random()
        let session = Session(id: ID.fast(), token: token, userID: userID, createAt: now, expiresAt: now + length,
                              csrfToken: MattermostID.random())
        var withProps = session
        withProps.deviceID = String(deviceID.prefix(512))
        withProps.props = props
        return try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard let user = s.users[userID], user.isActive else { throw Self.invalidCredentials }
            return SessionCreated(session: withProps)
        }, result: { (s: DirectoryState) throws(ChatError) -> (Session, User) in (s.sessions[token]!, s.users[userID]!) })
    }

    /// The session and user a token belongs to, when it is live; nil otherwise.
    public func authenticate(token: String) async throws(ChatError) -> (Session, User)? {
        let now = runtime.clock.nowMillis()
        return try await observe { (s: DirectoryState) throws(ChatError) -> (Session, User)? in
            guard let session = s.sessions[token], !session.isExpired(now: now),
                  let user = s.users[session.userID], user.isActive else { return nil }
            return (session, user)
        }
    }

    /// Logout or revocation of one session (by token or by session id), or of all of a user's sessions.
    public func revokeSessions(of userID: ID, tokens: [String]? = nil, sessionID: ID? = nil) async throws(ChatError) {
        try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            let owned = s.sessionTokens[userID] ?? []
            var chosen: [String]
            if let tokens {
                chosen = tokens.filter { owned.contains($0) }
            } else if let sessionID {
                chosen = owned.filter { s.sessions[$0]?.id == sessionID }
                guard !chosen.isEmpty else { throw ChatError.missing("session") }
            } else {
                chosen = Array(owned)
            }
            chosen.sort()
            return chosen.isEmpty ? nil : SessionsRevoked(tokens: chosen)
        }, result: { _ throws(ChatError) in () })
    }

    /// The user's live sessions, newest first.
    public func sessions(of userID: ID) async throws(ChatError) -> [Session] {
        let now = runtime.clock.nowMillis()
        return try await observe { (s: DirectoryState) throws(ChatError) -> [Session] in
            (s.sessionTokens[userID] ?? []).compactMap { s.sessions[$0] }.filter { !$0.isExpired(now: now) }
                .sorted { $0.createAt > $1.createAt }
        }
    }

    /// Journals activity at most once a minute per user.
    public func noteActivity(_ userID: ID) async {
        let now = runtime.clock.nowMillis()
        try? await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            s.users[userID] == nil ? nil : UserActive(userID: userID, at: now)
        }, result: { _ throws(ChatError) in () })
    }

    public static let invalidCredentials = ChatError(.unauthorized, id: "api.user.login.invalid_credentials_email_username",
                                              "Enter a valid email or username and/or password.")
}
