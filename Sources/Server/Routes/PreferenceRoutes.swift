import Actors
import Net

/// Preferences (saved posts are `flagged_post`, favourites `favorite_channel`), statuses, and the saved-posts list.
enum PreferenceRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/users/{user_id}/preferences") { c in c.run { try await list($0, chat, category: nil) } }
        r.add("GET", "/api/v4/users/{user_id}/preferences/{category}") { c in
            c.run { try await list($0, chat, category: $0.parameters["category"]) }
        }
        r.add("GET", "/api/v4/users/{user_id}/preferences/{category}/name/{name}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                let key = PreferenceKey(category: c.parameters["category"] ?? "", name: c.parameters["name"] ?? "")
                guard let hit = try await chat.directory.preferences(of: id, category: key.category).first(where: { $0.key == key }) else {
                    throw AppError(ChatError.missing("preference"))
                }
                return Reply.json { $0.preference(userID: id, key: hit.key, value: hit.value) }
            }
        }
        r.add("PUT", "/api/v4/users/{user_id}/preferences") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                let set = try entries(c, for: id)
                try await chat.directory.setPreferences(of: id, set, by: auth.caller)
                if set.contains(where: { $0.key.category == "favorite_channel" }) { try await SidebarRoutes.announce(id, chat) }
                return .ok
            }
        }
        r.add("POST", "/api/v4/users/{user_id}/preferences/delete") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                let keys = try entries(c, for: id).map(\.key)
                try await chat.directory.deletePreferences(of: id, keys, by: auth.caller)
                if keys.contains(where: { $0.category == "favorite_channel" }) { try await SidebarRoutes.announce(id, chat) }
                return .ok
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/posts/flagged") { c in c.run { try await flagged($0, chat) } }
        StatusRoutes.register(on: &r, chat)
    }

    static func list(_ c: RouteContext, _ chat: ChatContext, category: String?) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let id = try c.idParameter("user_id", me: auth.userID)
        guard id == auth.userID || auth.caller.isSystemAdmin else { throw AppError.permission("edit_other_users") }
        let prefs = try await chat.directory.preferences(of: id, category: category)
        return Reply.json { w in w.beginArray(); for p in prefs { w.preference(userID: id, key: p.key, value: p.value) }; w.endArray() }
    }

    /// `[{user_id, category, name, value}]`; each `user_id` must be the path's user.
    static func entries(_ c: RouteContext, for id: ID) throws -> [(key: PreferenceKey, value: String)] {
        guard let list = try c.json().array else { throw AppError.invalidBody("preferences") }
        return try list.map { item in
            guard let category = item["category"]?.string, let name = item["name"]?.string else {
                throw AppError.invalidBody("category or name")
            }
            if let uid = item["user_id"]?.string, uid != id.description { throw AppError.permission("edit_other_users") }
            return (PreferenceKey(category: category, name: name), item["value"]?.string ?? "")
        }
    }

    /// Saved posts the user can still read, newest first, as one PostList.
    static func flagged(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission() }
        var posts: [Post] = []
        for p in try await chat.directory.preferences(of: auth.userID, category: "flagged_post") where p.value == "true" {
            guard let pid = ID(p.key.name), let cid = chat.runtime.channelOf(post: pid),
                  let (actor, _, caller) = try? await chat.channel(cid, auth),
                  let post = try? await actor.post(pid, by: caller) else { continue }
            posts.append(post)
        }
        posts.sort { $0.createAt > $1.createAt }
        let (page, perPage) = c.paging
        return Reply.json { $0.postList(order: Array(posts.dropFirst(page * perPage).prefix(perPage)), extra: []) }
    }
}
