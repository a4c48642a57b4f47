import Actors
import Net

/// The system console's reads: statistics (`/analytics/old`), logs, and the small routes the apps call at start.
enum SystemConsoleRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/analytics/old") { c in c.run { try await analytics($0, chat) } }
        r.add("GET", "/api/v4/logs") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard auth.caller.isSystemAdmin else { throw AppError.permission("manage_system") }
                let (page, perPage) = (c.intQuery("page", default: 0), max(1, c.intQuery("logs_per_page", default: 10_000, max: 10_000)))
                let lines = ParleyLogHandler.recentLines((page + 1) * perPage).prefix(perPage)
                return Reply.json { w in w.beginArray(); for l in lines { w.string(l) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/image") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                let user = try await chat.directory.user(try c.idParameter("user_id"))
                return Reply(status: 200, body: AvatarImage.png(for: user.id), headers: [("Cache-Control", "max-age=86400")],
                             contentType: "image/png")
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/image/default") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                return Reply(status: 200, body: AvatarImage.png(for: try c.idParameter("user_id")), contentType: "image/png")
            }
        }
        r.add("GET", "/api/v4/emoji") { c in
            c.run { _ in throw AppError.notImplemented("api.emoji.disabled.app_error", "Custom emoji have been disabled by the system admin.") }
        }
        r.add("GET", "/api/v4/teams/invite/{invite_id}") { c in c.run { try await inviteInfo($0, chat) } }
        r.add("POST", "/api/v4/users/{user_id}/typing") { c in
            c.run { c in _ = try await chat.authenticate(c); return .ok }
        }
    }

    /// What the sign-up page shows of the team behind an invite link.
    static func inviteInfo(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let invalid = AppError(id: "api.team.get_invite_info.not_open_team", message: "The invite link is not valid.", statusCode: 400)
        guard let invite = ID(c.parameters["invite_id"] ?? "") else { throw invalid }
        guard let tid = try await chat.directory.team(invite: invite) else { throw invalid }
        let found: Team?
        do { found = try await chat.team(tid).team() } catch { found = nil }
        guard let team = found, team.deleteAt == 0 else { throw invalid }
        return Reply.json { w in
            w.beginObject(); w.field("id", team.id); w.field("name", team.name); w.field("display_name", team.displayName)
            w.field("description", team.description); w.endObject()
        }
    }

    /// The standard rows in Mattermost's order, for the whole site or one team.
    static func analytics(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        guard auth.caller.isSystemAdmin else { throw AppError.permission("manage_system") }
        guard (c.query("name") ?? "standard") == "standard" else {
            throw AppError.notImplemented("api.analytics.name.app_error", "Only the standard statistics are available.")
        }
        let team = c.query("team_id").flatMap(ID.init)
        var open = 0, priv = 0, posts = 0
        for actor in chat.runtime.allChannels {
            guard let f = try await actor.facts() else { continue }
            if let team, f.teamID != team { continue }
            if !f.isArchived && f.kind == .open { open += 1 }
            if !f.isArchived && f.kind == .privateChannel { priv += 1 }
            posts += f.livePosts
        }
        var teams = 0
        for actor in chat.runtime.allTeams where (try? await actor.team())?.deleteAt == 0 { teams += 1 }
        let users = try await chat.directory.userStatistics(now: chat.runtime.clock.nowMillis())
        var unique = users.total - users.inactive
        if let team { unique = try await chat.team(team).memberCounts().active; teams = 1 }
        let rows: [(String, Int)] = [
            ("channel_open_count", open), ("channel_private_count", priv), ("post_count", posts), ("unique_user_count", unique),
            ("team_count", teams), ("total_websocket_connections", 0), ("total_master_db_connections", 0),
            ("total_read_db_connections", 0), ("daily_active_users", users.daily), ("monthly_active_users", users.monthly),
            ("inactive_user_count", users.inactive),
        ]
        return Reply.json { w in
            w.beginArray()
            for (name, value) in rows { w.beginObject(); w.field("name", name); w.field("value", value); w.endObject() }
            w.endArray()
        }
    }
}
