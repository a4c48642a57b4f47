import Actors
import Net

/// Password changes and sessions: listing and revoking.
enum PasswordRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("PUT", "/api/v4/users/{user_id}/password") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                let body = try c.jsonObject()
                guard let new = body["new_password"]?.string else { throw AppError.invalidBody("new_password") }
                if let e = NameRules.password(new, minimumLength: chat.config.current.passwordMinimumLength) { throw AppError(e) }
                if id == auth.userID || !auth.caller.isSystemAdmin {
                    guard id == auth.userID else { throw AppError.permission("edit_other_users") }
                    let current = Array((body["current_password"]?.string ?? "").utf8)
                    guard let candidate = try await chat.directory.loginCandidate(auth.user.username),
                          try await chat.hashing.verify(current, against: candidate.passwordPHC) else {
                        throw AppError(id: "api.user.update_password.incorrect.app_error",
                                       message: "The \"Current Password\" you entered is incorrect.", statusCode: 400)
                    }
                }
                let phc = try await chat.hashing.hash(Array(new.utf8))
                try await chat.directory.setPassword(id, phc: phc, keepingSession: id == auth.userID ? auth.caller.sessionToken : "")
                return .ok
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/sessions") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                guard id == auth.userID || auth.caller.isSystemAdmin else { throw AppError.permission("edit_other_users") }
                let sessions = try await chat.directory.sessions(of: id)
                let roles = auth.user.id == id ? auth.user.roles : ""
                return Reply.json { w in
                    w.beginArray()
                    for s in sessions { w.session(s, roles: roles) }
                    w.endArray()
                }
            }
        }
        r.add("POST", "/api/v4/users/{user_id}/sessions/revoke") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                guard id == auth.userID || auth.caller.isSystemAdmin else { throw AppError.permission("edit_other_users") }
                guard let sid = try c.jsonObject()["session_id"]?.string.flatMap(ID.init) else { throw AppError.invalidBody("session_id") }
                try await chat.directory.revokeSessions(of: id, sessionID: sid)
                return .ok
            }
        }
        r.add("POST", "/api/v4/users/{user_id}/sessions/revoke/all") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                guard id == auth.userID || auth.caller.isSystemAdmin else { throw AppError.permission("edit_other_users") }
                try await chat.directory.revokeSessions(of: id)
                return .ok
            }
        }
    }
}
