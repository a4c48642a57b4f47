import Actors
import Net

/// `/api/v4/users…`: sign-up, login, logout, profiles, roles, activation.
enum UserRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/users") { c in c.run { try await signUp($0, chat) } }
        r.add("POST", "/api/v4/users/login") { c in c.run { try await LoginRoutes.login($0, chat) } }
        r.add("POST", "/api/v4/users/logout") { c in c.run { try await LoginRoutes.logout($0, chat) } }
        r.add("GET", "/api/v4/users/{user_id}") { c in c.run { try await get($0, chat) } }
        r.add("GET", "/api/v4/users/username/{username}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let user = try await chat.directory.user(username: c.parameters["username"] ?? "")
                return Reply.json { $0.user(user, audience: chat.audience(for: user, viewer: auth)) }
            }
        }
        r.add("POST", "/api/v4/users/ids") { c in c.run { try await byIDs($0, chat) } }
        r.add("POST", "/api/v4/users/usernames") { c in c.run { try await byUsernames($0, chat) } }
        r.add("GET", "/api/v4/users") { c in c.run { try await list($0, chat) } }
        r.add("GET", "/api/v4/users/autocomplete") { c in c.run { try await autocomplete($0, chat) } }
        r.add("PUT", "/api/v4/users/{user_id}/patch") { c in c.run { try await patch($0, chat) } }
        r.add("PUT", "/api/v4/users/{user_id}/roles") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                guard let roles = try c.jsonObject()["roles"]?.string else { throw AppError.invalidBody("roles") }
                _ = try await chat.directory.setSystemRoles(id, roles: roles, by: auth.caller)
                return .ok
            }
        }
        r.add("DELETE", "/api/v4/users/{user_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                _ = try await chat.directory.setActive(try c.idParameter("user_id", me: auth.userID), active: false, by: auth.caller)
                return .ok
            }
        }
        r.add("PUT", "/api/v4/users/{user_id}/active") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let active = try c.jsonObject()["active"]?.bool else { throw AppError.invalidBody("active") }
                _ = try await chat.directory.setActive(try c.idParameter("user_id", me: auth.userID), active: active, by: auth.caller)
                return .ok
            }
        }
        r.add("GET", "/api/v4/users/stats") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                let stats = try await chat.directory.userStatistics(now: chat.runtime.clock.nowMillis())
                return Reply.json { w in w.beginObject(); w.field("total_users_count", stats.total - stats.inactive); w.endObject() }
            }
        }
        PasswordRoutes.register(on: &r, chat)
    }

    static func signUp(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let body = try c.jsonObject()
        guard let username = body["username"]?.string, let email = body["email"]?.string else {
            throw AppError.invalidBody("username or email")
        }
        let password = body["password"]?.string ?? ""
        if let e = NameRules.password(password, minimumLength: chat.config.current.passwordMinimumLength) { throw AppError(e) }
        var inviteTeam: TeamActor?
        if let iid = c.query("iid"), !iid.isEmpty {
            guard let invite = ID(iid), let teamID = try await chat.directory.team(invite: invite),
                  let team = chat.runtime.team(teamID) else {
                throw AppError(id: "api.user.create_user.invalid_invitation_type.app_error",
                               message: "The invite link is not valid.", statusCode: 400)
            }
            inviteTeam = team
        }
        // An authenticated admin may create accounts even when sign-up is closed.
        let admin = try? await chat.authenticate(c)
        var draft = UserDraft(username: username, email: email,
                              passwordPHC: try await chat.hashing.hash(Array(password.utf8)))
        draft.firstName = body["first_name"]?.string ?? ""
        draft.lastName = body["last_name"]?.string ?? ""
        draft.nickname = body["nickname"]?.string ?? ""
        draft.locale = body["locale"]?.string ?? "en"
        draft.props = body["props"]?.stringMap() ?? [:]
        draft.notifyProps = body["notify_props"]?.stringMap() ?? [:]
        let user = try await chat.directory.createUser(draft, invited: inviteTeam != nil, by: admin?.caller)
        if let inviteTeam, let invite = c.query("iid").flatMap(ID.init) {
            _ = try await inviteTeam.join(user.id, username: user.username, route: .inviteID(invite))
        }
        return Reply.json(201) { $0.user(user, audience: .own) }
    }

    static func get(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let user = try await chat.directory.user(try c.idParameter("user_id", me: auth.userID))
        return Reply.json { $0.user(user, audience: chat.audience(for: user, viewer: auth)) }
    }

    static func users(_ users: [User], _ chat: ChatContext, _ auth: Authed) -> Reply {
        Reply.json { w in
            w.beginArray()
            for u in users { w.user(u, audience: chat.audience(for: u, viewer: auth)) }
            w.endArray()
        }
    }

    static func byIDs(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        guard let list = try c.json().array, list.count <= 1000 else { throw AppError.invalidBody("user ids") }
        let ids = list.compactMap { $0.string.flatMap(ID.init) }
        return users(try await chat.directory.users(ids), chat, auth)
    }

    static func byUsernames(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        guard let list = try c.json().array, list.count <= 1000 else { throw AppError.invalidBody("usernames") }
        return users(try await chat.directory.users(usernames: list.compactMap(\.string)), chat, auth)
    }

    static func list(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        var q = UserQuery()
        (q.page, q.perPage) = c.paging
        q.inTeam = c.query("in_team").flatMap(ID.init)
        q.notInTeam = c.query("not_in_team").flatMap(ID.init)
        q.inChannel = c.query("in_channel").flatMap(ID.init)
        q.notInChannel = c.query("not_in_channel").flatMap(ID.init)
        q.withoutTeam = c.query("without_team") == "true"
        if c.query("active") == "true" { q.active = true }
        if c.query("inactive") == "true" { q.active = false }
        if let cid = q.inChannel ?? q.notInChannel { try await requireRead(cid, auth, chat) }
        return users(try await chat.directory.users(matching: q), chat, auth)
    }

    static func autocomplete(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let limit = max(1, c.intQuery("limit", default: 100, max: 200))
        if let cid = c.query("channel_id").flatMap(ID.init) { try await requireRead(cid, auth, chat) }
        let found = try await chat.directory.autocomplete(c.query("name") ?? "", team: c.query("team_id").flatMap(ID.init),
                                                           channel: c.query("channel_id").flatMap(ID.init), limit: limit)
        return Reply.json { w in
            w.beginObject()
            w.key("users"); w.beginArray()
            for u in found.users { w.user(u, audience: chat.audience(for: u, viewer: auth)) }
            w.endArray()
            w.key("out_of_channel"); w.beginArray()
            for u in found.outOfChannel { w.user(u, audience: chat.audience(for: u, viewer: auth)) }
            w.endArray()
            w.endObject()
        }
    }

    /// Who is in a channel is as private as the channel: listing its members, or the users outside it, needs
    /// the right to read it (A2).
    static func requireRead(_ channelID: ID, _ auth: Authed, _ chat: ChatContext) async throws {
        let (actor, _, caller) = try await chat.channel(channelID, auth)
        _ = try await actor.channel(by: caller)
    }

    static func patch(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let id = try c.idParameter("user_id", me: auth.userID)
        let body = try c.jsonObject()
        var p = UserPatch()
        p.username = body["username"]?.string
        p.email = body["email"]?.string
        p.nickname = body["nickname"]?.string
        p.firstName = body["first_name"]?.string
        p.lastName = body["last_name"]?.string
        p.position = body["position"]?.string
        p.locale = body["locale"]?.string
        p.props = body["props"]?.stringMap()
        p.notifyProps = body["notify_props"]?.stringMap()
        p.timezone = body["timezone"]?.stringMap()
        let user = try await chat.directory.patchUser(id, p, by: auth.caller)
        return Reply.json { $0.user(user, audience: chat.audience(for: user, viewer: auth)) }
    }
}
