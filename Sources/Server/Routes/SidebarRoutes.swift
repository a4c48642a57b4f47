import Actors
import Net

/// Sidebar categories (notes §4.5), kept in step with the `favorite_channel` preferences: the three default
/// categories are derived from the user's channels and favourites on every read, and moving a channel into or out
/// of `favorites` with PUT flips the preference. Custom categories are not offered yet (501).
enum SidebarRoutes {
    static let base = "/api/v4/users/{user_id}/teams/{team_id}/channels/categories"

    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", base) { c in
            c.run { c in
                let (auth, team) = try await scope(c, chat)
                let categories = try await derive(auth.userID, team, chat)
                return Reply.json { w in
                    w.beginObject()
                    w.key("order"); w.beginArray(); for cat in categories { w.string(cat.id) }; w.endArray()
                    w.key("categories"); w.beginArray(); for cat in categories { write(cat, &w) }; w.endArray()
                    w.endObject()
                }
            }
        }
        r.add("GET", base + "/order") { c in
            c.run { c in
                let (auth, team) = try await scope(c, chat)
                let ids = try await derive(auth.userID, team, chat).map(\.id)
                return Reply.json { w in w.beginArray(); for id in ids { w.string(id) }; w.endArray() }
            }
        }
        r.add("PUT", base) { c in c.run { try await update($0, chat) } }
        r.add("POST", base) { c in
            c.run { _ in throw AppError.notImplemented("api.sidebar.custom_categories.disabled.app_error",
                                                       "Custom sidebar categories are not supported yet.") }
        }
    }

    struct Category {
        var id: String
        var type: String
        var displayName: String
        var channelIDs: [ID]
        var userID: ID
        var teamID: ID
    }

    static func scope(_ c: RouteContext, _ chat: ChatContext) async throws -> (Authed, ID) {
        let auth = try await chat.authenticate(c)
        guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission("edit_other_users") }
        let team = try c.idParameter("team_id")
        guard try await chat.team(team).roles(of: auth.userID) != nil else { throw AppError.permission("view_team") }
        return (auth, team)
    }

    static func derive(_ userID: ID, _ team: ID, _ chat: ChatContext) async throws -> [Category] {
        let favorites = Set(try await chat.directory.preferences(of: userID, category: "favorite_channel")
            .filter { $0.value == "true" }.compactMap { ID($0.key.name) })
        var fav: [ID] = [], channels: [ID] = [], direct: [ID] = []
        for id in try await chat.directory.memberships(of: userID).channels.sorted() {
            guard let ch = try await chat.runtime.channel(id)?.channelUnchecked(), !ch.isArchived else { continue }
            if let t = ch.teamID, t != team { continue }
            if favorites.contains(id) { fav.append(id) } else if ch.isDirectOrGroup { direct.append(id) } else { channels.append(id) }
        }
        let suffix = "\(userID)_\(team)"
        return [Category(id: "favorites_\(suffix)", type: "favorites", displayName: "Favorites", channelIDs: fav,
                         userID: userID, teamID: team),
                Category(id: "channels_\(suffix)", type: "channels", displayName: "Channels", channelIDs: channels,
                         userID: userID, teamID: team),
                Category(id: "direct_messages_\(suffix)", type: "direct_messages", displayName: "Direct Messages",
                         channelIDs: direct, userID: userID, teamID: team)]
    }

    static func write(_ cat: Category, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("id", cat.id); w.field("user_id", cat.userID); w.field("team_id", cat.teamID)
        w.field("sort_order", 0); w.field("sorting", ""); w.field("type", cat.type); w.field("display_name", cat.displayName)
        w.field("muted", false); w.field("collapsed", false)
        w.key("channel_ids"); w.beginArray(); for id in cat.channelIDs { w.id(id) }; w.endArray()
        w.endObject()
    }

    /// Moving a channel into `favorites` sets its `favorite_channel` preference; out of it clears the preference.
    static func update(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let (auth, team) = try await scope(c, chat)
        guard let list = try c.json().array, list.count <= 100 else { throw AppError.invalidBody("categories") }
        let current = try await derive(auth.userID, team, chat)
        let wasFavorite = Set(current.first { $0.type == "favorites" }?.channelIDs ?? [])
        var changes: [(key: PreferenceKey, value: String)] = []
        for item in list {
            guard let id = item["id"]?.string, let known = current.first(where: { $0.id == id }) else {
                throw AppError.invalidBody("category id")
            }
            let ids = (item["channel_ids"]?.array ?? []).compactMap { $0.string.flatMap(ID.init) }
            for channel in ids where (known.type == "favorites") != wasFavorite.contains(channel) {
                changes.append((PreferenceKey(category: "favorite_channel", name: channel.description),
                                known.type == "favorites" ? "true" : "false"))
            }
        }
        try await chat.directory.setPreferences(of: auth.userID, changes, by: auth.caller)
        let updated = try await derive(auth.userID, team, chat)
        if !changes.isEmpty { try await announce(auth.userID, chat) }
        return Reply.json { w in w.beginArray(); for cat in updated { write(cat, &w) }; w.endArray() }
    }

    /// `sidebar_category_updated` to the user's sockets, one per team, after their favourites changed (the
    /// categories are derived, so the event carries them as they read now).
    static func announce(_ userID: ID, _ chat: ChatContext) async throws {
        for team in try await chat.directory.memberships(of: userID).teams.sorted() {
            let categories = try await derive(userID, team, chat)
            var w = JSONWriter()
            w.beginArray(); for cat in categories { write(cat, &w) }; w.endArray()
            chat.hub.send(.publish(ChatEvent(.sidebarCategoryUpdated, to: .user(userID), broadcast: .init(teamID: team, userID: userID),
                                             .fields([("updatedCategories", .string(String(decoding: w.bytes, as: UTF8.self)))]))))
        }
    }
}
