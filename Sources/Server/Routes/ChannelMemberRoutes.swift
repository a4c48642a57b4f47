import Actors
import Net

/// Channel membership, read state and the user's channels.
enum ChannelMemberRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/channels/{channel_id}/members") { c in c.run { try await add($0, chat) } }
        r.add("DELETE", "/api/v4/channels/{channel_id}/members/{user_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                let user = try await chat.directory.user(try c.idParameter("user_id", me: auth.userID))
                try await actor.remove(user.id, username: user.username, by: caller, callerName: auth.user.username)
                return .ok
            }
        }
        r.add("GET", "/api/v4/channels/{channel_id}/members") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                let (page, perPage) = c.paging
                let members = try await actor.members(page: page, perPage: perPage, by: caller)
                return Reply.json { w in w.beginArray(); for m in members { w.channelMember(m) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/channels/{channel_id}/members/{user_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                let m = try await actor.member(try c.idParameter("user_id", me: auth.userID), by: caller)
                return Reply.json { $0.channelMember(m) }
            }
        }
        r.add("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/schemeRoles") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let admin = try c.jsonObject()["scheme_admin"]?.bool else { throw AppError.invalidBody("scheme_admin") }
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                _ = try await actor.setAdmin(try c.idParameter("user_id", me: auth.userID), admin, by: caller)
                return .ok
            }
        }
        r.add("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/roles") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let roles = try c.jsonObject()["roles"]?.string else { throw AppError.invalidBody("roles") }
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                _ = try await actor.setAdmin(try c.idParameter("user_id", me: auth.userID), roles.contains("channel_admin"), by: caller)
                return .ok
            }
        }
        r.add("POST", "/api/v4/channels/members/{user_id}/view") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission("edit_other_users") }
                let body = try c.jsonObject()
                var times: [(ID, Int64)] = []
                if let cid = body["channel_id"]?.string.flatMap(ID.init), let actor = chat.runtime.channel(cid) {
                    times.append((cid, try await actor.view(by: auth.userID)))
                }
                return Reply.json { w in
                    w.beginObject(); w.field("status", "OK"); w.key("last_viewed_at_times"); w.beginObject()
                    for (id, t) in times { w.key(id.description); w.int(t) }
                    w.endObject(); w.endObject()
                }
            }
        }
        MyChannelRoutes.register(on: &r, chat)
    }

    static func add(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let (actor, channel, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
        guard let uid = try c.jsonObject()["user_id"]?.string.flatMap(ID.init) else { throw AppError.invalidBody("user_id") }
        let user = try await chat.directory.user(uid)
        guard user.isActive else { throw AppError.invalidBody("user_id") }
        var inTeam = true
        if let tid = channel.teamID { inTeam = try await chat.team(tid).roles(of: uid) != nil }
        let m = try await actor.add(uid, username: user.username, userInTeam: inTeam, by: caller, callerName: auth.user.username)
        return Reply.json(201) { $0.channelMember(m) }
    }
}
