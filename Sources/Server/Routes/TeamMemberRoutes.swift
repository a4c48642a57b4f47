import Actors
import Net

/// Team membership: join by invite link, add, remove or leave, roles, listings and unread counts.
enum TeamMemberRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/teams/members/invite") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let invite = c.query("invite_id").flatMap(ID.init),
                      let teamID = try await chat.directory.team(invite: invite) else {
                    throw AppError(id: "api.team.add_user_to_team_from_invite.invalid.app_error",
                                   message: "The invite link is not valid.", statusCode: 400)
                }
                let m = try await chat.team(teamID).join(auth.userID, username: auth.user.username, route: .inviteID(invite))
                return Reply.json(201) { $0.teamMember(m) }
            }
        }
        r.add("POST", "/api/v4/teams/{team_id}/members") { c in c.run { try await add($0, chat) } }
        r.add("DELETE", "/api/v4/teams/{team_id}/members/{user_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let uid = try c.idParameter("user_id", me: auth.userID)
                let user = try await chat.directory.user(uid)
                try await chat.team(try c.idParameter("team_id")).leave(uid, username: user.username, by: auth.caller)
                return .ok
            }
        }
        r.add("GET", "/api/v4/teams/{team_id}/members") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let team = try chat.team(try c.idParameter("team_id"))
                guard try await team.roles(of: auth.userID) != nil || auth.caller.isSystemAdmin else { throw AppError.permission("view_team") }
                let (page, perPage) = c.paging
                let members = try await team.members(page: page, perPage: perPage)
                return Reply.json { w in w.beginArray(); for m in members { w.teamMember(m) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/teams/{team_id}/members/{user_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let team = try chat.team(try c.idParameter("team_id"))
                guard try await team.roles(of: auth.userID) != nil || auth.caller.isSystemAdmin else { throw AppError.permission("view_team") }
                let m = try await team.member(try c.idParameter("user_id", me: auth.userID))
                return Reply.json { $0.teamMember(m) }
            }
        }
        r.add("PUT", "/api/v4/teams/{team_id}/members/{user_id}/roles") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let roles = try c.jsonObject()["roles"]?.string else { throw AppError.invalidBody("roles") }
                let list = roles.split(separator: " ").map(String.init)
                guard list.contains("team_user"), list.allSatisfy({ $0 == "team_user" || $0 == "team_admin" }) else {
                    throw AppError.invalidBody("roles")
                }
                _ = try await chat.team(try c.idParameter("team_id"))
                    .setAdmin(try c.idParameter("user_id", me: auth.userID), list.contains("team_admin"), by: auth.caller)
                return .ok
            }
        }
        r.add("PUT", "/api/v4/teams/{team_id}/members/{user_id}/schemeRoles") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let admin = try c.jsonObject()["scheme_admin"]?.bool else { throw AppError.invalidBody("scheme_admin") }
                _ = try await chat.team(try c.idParameter("team_id"))
                    .setAdmin(try c.idParameter("user_id", me: auth.userID), admin, by: auth.caller)
                return .ok
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/teams/members") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                guard id == auth.userID || auth.caller.isSystemAdmin else { throw AppError.permission("edit_other_users") }
                var members: [TeamMember] = []
                for tid in try await chat.directory.memberships(of: id).teams.sorted() {
                    if let m = try? await chat.team(tid).member(id) { members.append(m) }
                }
                return Reply.json { w in w.beginArray(); for m in members { w.teamMember(m) }; w.endArray() }
            }
        }
    }

    static func add(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let team = try chat.team(try c.idParameter("team_id"))
        let body = try c.jsonObject()
        guard let uid = body["user_id"]?.string.flatMap(ID.init) else { throw AppError.invalidBody("user_id") }
        let user = try await chat.directory.user(uid)
        guard user.isActive else { throw AppError.invalidBody("user_id") }
        let route: JoinRoute = uid == auth.userID
            ? (auth.caller.isSystemAdmin ? .creatorOrAdmin : .openTeam)
            : .addedBy(auth.caller)
        let m = try await team.join(uid, username: user.username, route: route, adderName: auth.user.username)
        return Reply.json(201) { $0.teamMember(m) }
    }
}
