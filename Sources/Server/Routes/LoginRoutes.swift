import Actors
import Net

/// Login and logout. Cookies are set only for the browser (`X-Requested-With: XMLHttpRequest`).
enum LoginRoutes {
    static func login(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let body = try c.jsonObject()
        guard let loginID = body["login_id"]?.string, !loginID.isEmpty, let password = body["password"]?.string else {
            throw AppError.invalidBody("login_id or password")
        }
        let account = loginID.lowercased()
        let address = c.request.remoteAddress
        let now = chat.runtime.clock.nowMillis()
        if case .retryAfter(let ms) = chat.throttle.withLock({ $0.check(account: account, address: address, now: now) }) {
            var e = AppError(id: "api.user.login.too_many_attempts.app_error",
                             message: "Too many failed logins; try again in \((ms + 999) / 1000) seconds.", statusCode: 429)
            e.detailedError = ""
            throw e
        }
        let bytes = Array(password.utf8)
        let candidate = try await chat.directory.loginCandidate(loginID)
        // An unknown login still costs one hash, so the answer's timing does not tell which accounts exist (A30).
        let verified = try await chat.hashing.verify(bytes, against: candidate?.passwordPHC ?? chat.decoyPHC)
        guard let candidate, verified else {
            chat.throttle.withLock { $0.recordFailure(account: account, address: address, now: now) }
            if let candidate { try await chat.directory.recordFailedLogin(candidate.userID) }
            var e = AppError(DirectoryActor.invalidCredentials)
            e.detailedError = ""
            throw e
        }
        guard candidate.isActive else {
            throw AppError(id: "api.user.login.inactive.app_error",
                           message: "Login failed because your account has been deactivated.", statusCode: 401)
        }
        chat.throttle.withLock { $0.recordSuccess(account: account) }
        let device = body["device_id"]?.string ?? ""
        let browser = c.request.head.headers["X-Requested-With"] == "XMLHttpRequest"
        let (session, user) = try await chat.directory.createSession(for: candidate.userID, deviceID: device,
                                                                     props: ["platform": browser ? "browser" : "api"])
        var reply = Reply.json { $0.user(user, audience: .own) }
        reply.headers.append(("Token", session.token))
        if browser {
            let maxAge = (session.expiresAt - session.createAt) / 1000
            for cookie in Cookies.sessionCookies(token: session.token, userID: user.id.description, csrf: session.csrfToken,
                                                 maxAgeSeconds: maxAge, secure: c.request.isTLS) {
                reply.headers.append(("Set-Cookie", cookie))
            }
        }
        return reply
    }

    static func logout(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        var reply = Reply.ok
        for cookie in Cookies.clearing(secure: c.request.isTLS) { reply.headers.append(("Set-Cookie", cookie)) }
        guard let auth = try? await chat.authenticate(c) else { return reply }
        try await chat.directory.revokeSessions(of: auth.userID, tokens: [auth.caller.sessionToken])
        return reply
    }
}
