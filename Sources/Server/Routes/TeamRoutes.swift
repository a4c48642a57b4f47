import Actors
import Net

/// `/api/v4/teams…` and the user's teams.
enum TeamRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/teams") { c in c.run { try await create($0, chat) } }
        r.add("GET", "/api/v4/teams") { c in c.run { try await listOpen($0, chat) } }
        r.add("GET", "/api/v4/teams/{team_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let team = try chat.team(try c.idParameter("team_id"))
                return try await teamReply(team, auth, chat)
            }
        }
        r.add("GET", "/api/v4/teams/name/{team_name}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let id = try await chat.directory.team(named: c.parameters["team_name"] ?? "") else {
                    throw AppError(ChatError.missing("team"))
                }
                return try await teamReply(try chat.team(id), auth, chat)
            }
        }
        r.add("GET", "/api/v4/teams/name/{team_name}/exists") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                let exists = try await chat.directory.team(named: c.parameters["team_name"] ?? "") != nil
                return Reply.json { w in w.beginObject(); w.field("exists", exists); w.endObject() }
            }
        }
        r.add("PUT", "/api/v4/teams/{team_id}/patch") { c in c.run { try await patch($0, chat) } }
        r.add("POST", "/api/v4/teams/{team_id}/regenerate_invite_id") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let team = try await chat.team(try c.idParameter("team_id")).regenerateInvite(by: auth.caller)
                return Reply.json { $0.team(team, sanitized: false) }
            }
        }
        r.add("GET", "/api/v4/teams/{team_id}/stats") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let team = try chat.team(try c.idParameter("team_id"))
                guard try await team.roles(of: auth.userID) != nil || auth.caller.isSystemAdmin else { throw AppError.permission("view_team") }
                let counts = try await team.memberCounts()
                return Reply.json { w in
                    w.beginObject(); w.field("team_id", team.id); w.field("total_member_count", counts.total)
                    w.field("active_member_count", counts.active); w.endObject()
                }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/teams") { c in c.run { try await teamsOfUser($0, chat) } }
        TeamMemberRoutes.register(on: &r, chat)
    }

    static func teamReply(_ team: TeamActor, _ auth: Authed, _ chat: ChatContext) async throws -> Reply {
        let value = try await team.team()
        let roles = try await team.roles(of: auth.userID)
        guard roles != nil || value.allowOpenInvite || auth.caller.isSystemAdmin else { throw AppError(ChatError.missing("team")) }
        let view = shown(value, roles: roles, auth, chat)
        return Reply.json { $0.team(view.team, sanitized: view.sanitized) }
    }

    /// How a team is shown to a caller, as Mattermost's `SanitizeTeam` does it: whole with `manage_team`; with
    /// the invite id but without the contact email with `invite_user` (the guide: any member may hand out the
    /// invite link); with neither otherwise.
    static func shown(_ team: Team, roles: [String]?, _ auth: Authed, _ chat: ChatContext) -> (team: Team, sanitized: Bool) {
        func has(_ permission: Permission) -> Bool {
            PermissionEvaluator.has(permission, system: auth.caller.systemRoles, team: roles, channel: nil,
                                    table: chat.runtime.roles)
        }
        if has(.manageTeam) { return (team, false) }
        guard has(.inviteUser) else { return (team, true) }
        var visible = team
        visible.email = ""
        return (visible, false)
    }

    static func create(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let body = try c.jsonObject()
        guard let name = body["name"]?.string, let display = body["display_name"]?.string else {
            throw AppError.invalidBody("name or display_name")
        }
        let type = body["type"]?.string ?? "O"
        guard type == "O" || type == "I" else { throw AppError.invalidBody("type") }
        let open = body["allow_open_invite"]?.bool ?? (type == "O")
        let id = try await chat.directory.createTeam(name: name, displayName: display, open: open,
                                                     description: body["description"]?.string ?? "", by: auth.caller)
        let team = try await chat.team(id).team()
        return Reply.json(201) { $0.team(team, sanitized: false) }
    }

    /// Open teams anyone may join (all teams for system admins).
    static func listOpen(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        var teams: [Team] = []
        for actor in chat.runtime.allTeams {
            guard let t = try? await actor.team(), t.deleteAt == 0 else { continue }
            if t.allowOpenInvite || auth.caller.isSystemAdmin { teams.append(t) }
        }
        teams.sort { $0.name < $1.name }
        let (page, perPage) = c.paging
        let slice = teams.dropFirst(page * perPage).prefix(perPage)
        return Reply.json { w in
            w.beginArray()
            for t in slice { w.team(t, sanitized: !auth.caller.isSystemAdmin) }
            w.endArray()
        }
    }

    static func patch(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let body = try c.jsonObject()
        var p = TeamPatch()
        p.displayName = body["display_name"]?.string
        p.description = body["description"]?.string
        p.companyName = body["company_name"]?.string
        p.allowedDomains = body["allowed_domains"]?.string
        p.allowOpenInvite = body["allow_open_invite"]?.bool
        let team = try await chat.team(try c.idParameter("team_id")).patch(p, by: auth.caller)
        return Reply.json { $0.team(team, sanitized: false) }
    }

    static func teamsOfUser(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let id = try c.idParameter("user_id", me: auth.userID)
        guard id == auth.userID || auth.caller.isSystemAdmin else { throw AppError.permission("edit_other_users") }
        let ids = try await chat.directory.memberships(of: id).teams.sorted()
        var teams: [(Team, Bool)] = []
        for tid in ids {
            guard let actor = chat.runtime.team(tid), let t = try? await actor.team(), t.deleteAt == 0 else { continue }
            let view = shown(t, roles: try await actor.roles(of: auth.userID), auth, chat)
            teams.append((view.team, view.sanitized))
        }
        return Reply.json { w in
            w.beginArray()
            for (t, sanitized) in teams { w.team(t, sanitized: sanitized) }
            w.endArray()
        }
    }
}
