import Actors
import Net
import Synchronization

/// A request whose session checked out: who is asking and through which session.
struct Authed: Sendable {
    var caller: Caller
    var session: Session
    var user: User
    var viaCookie: Bool
    var userID: ID { user.id }
}

/// What every chat route shares: the actors, the hashing pool, the login throttle, the configuration.
final class ChatContext: Sendable {
    let runtime: ChatRuntime
    let hashing: HashingPool
    let config: ConfigStore
    /// The fan-out of WebSocket events.
    let hub: EventHub
    let throttle: Mutex<LoginThrottle>
    /// A hash of a random password at the configured cost, checked for logins that name no account.
    let decoyPHC: String

    init(runtime: ChatRuntime, hashing: HashingPool, config: ConfigStore, limits: RealtimeLimits = RealtimeLimits()) {
        self.runtime = runtime
        hub = EventHub(runtime: runtime, config: config, limits: limits)
        self.hashing = hashing
        self.config = config
        throttle = Mutex(LoginThrottle(attemptsMax: config.current.maximumLoginAttempts))
        decoyPHC = hashing.hasher.hash(PasswordHasher.randomBytes(16))
    }

    var directory: DirectoryActor { runtime.directory }

    /// The caller's session, from the cookie (which wins, and then needs `X-CSRF-Token` on anything but GET) or
    /// the Authorization header. 401 in Mattermost's shape otherwise.
    func authenticate(_ c: RouteContext, allowQueryToken: Bool = false) async throws -> Authed {
        let source = TokenSource.find(headers: c.request.head.headers, query: c.request.head.query,
                                      allowQueryToken: allowQueryToken)
        let token: String
        switch source {
        case .cookie(let t, _, _): token = t
        case .bearer(let t): token = t
        case .none: throw AppError.sessionExpired
        }
        guard let (session, user) = try await directory.authenticate(token: token) else { throw AppError.sessionExpired }
        guard TokenSource.csrfOK(source: source, method: c.request.head.method, sessionCSRF: session.csrfToken) else {
            throw AppError(id: "api.context.session_expired.app_error",
                           message: "Invalid or missing X-CSRF-Token header for a cookie-authenticated request.", statusCode: 401)
        }
        let caller = Caller(userID: user.id, systemRoles: user.roleList, sessionToken: token)
        runtime.presence.activity(user.id)
        if runtime.shouldNoteActivity(user.id, now: runtime.clock.nowMillis()) {
            let directory = self.directory
            Task { await directory.noteActivity(user.id) }
        }
        if case .cookie = source { return Authed(caller: caller, session: session, user: user, viaCookie: true) }
        return Authed(caller: caller, session: session, user: user, viaCookie: false)
    }

    /// The caller with their roles in `teamID` (nil roles when they are not a member).
    func caller(_ auth: Authed, inTeam teamID: ID?) async throws -> Caller {
        guard let teamID, let team = runtime.team(teamID) else { return auth.caller.inTeam(nil) }
        return auth.caller.inTeam(try await team.roles(of: auth.userID))
    }

    /// A channel's actor and the caller with their roles in the channel's team. An unknown id gets the 403 an
    /// outsider gets for a channel they may not see, so that the answer never tells whether a private channel,
    /// direct or group message exists (A1).
    func channel(_ id: ID, _ auth: Authed) async throws -> (ChannelActor, Channel, Caller) {
        guard let actor = runtime.channel(id), let channel = try await actor.channelUnchecked() else {
            throw AppError.unseen
        }
        return (actor, channel, try await caller(auth, inTeam: channel.teamID))
    }

    func team(_ id: ID) throws -> TeamActor {
        guard let actor = runtime.team(id) else { throw AppError(ChatError.missing("team")) }
        return actor
    }

    /// How other users' profiles are shown to this caller (privacy settings; admins see everything).
    func audience(for user: User, viewer: Authed) -> UserAudience {
        if user.id == viewer.userID { return .own }
        if viewer.caller.isSystemAdmin { return .admin }
        let s = config.current
        return .other(showEmail: s.showEmailAddress, showFullName: s.showFullName)
    }
}
