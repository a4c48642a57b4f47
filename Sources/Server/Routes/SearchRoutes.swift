import Actors
import Foundation
import Net

/// `POST /teams/{team_id}/posts/search`: the subset the web app uses for recent mentions (terms are the caller's
/// `@username`, mention words and first name, `is_or_search`), answered from the mentions stored with each post;
/// other words match as case-insensitive substrings. Only channels the caller belongs to are searched (A2).
enum SearchRoutes {
    static let termsMax = 20

    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/teams/{team_id}/posts/search") { c in c.run { try await search($0, chat) } }
    }

    static func search(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let team = try c.idParameter("team_id")
        let body = try c.jsonObject()
        guard let terms = body["terms"]?.string else { throw AppError.invalidBody("terms") }
        var q = PostSearch()
        q.isOr = body["is_or_search"]?.bool ?? false
        let mine = Set(ownMentionWords(auth.user))
        for raw in terms.split(whereSeparator: { $0 == " " || $0 == "," }).prefix(termsMax) {
            let term = raw.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"*"))
            if mine.contains(term) { q.mentioning = auth.userID } else if !term.isEmpty { q.words.append(term) }
        }
        let (page, perPage) = (c.intQuery("page", default: 0), max(1, min(200, body["per_page"]?.int64.map(Int.init) ?? 60)))
        q.limit = (page + 1) * perPage
        var found: [Post] = []
        for id in try await chat.directory.memberships(of: auth.userID).channels {
            guard let actor = chat.runtime.channel(id), let ch = try await actor.channelUnchecked() else { continue }
            if let t = ch.teamID, t != team { continue }
            let caller = try await chat.caller(auth, inTeam: ch.teamID)
            found += (try? await actor.search(q, by: caller)) ?? []
        }
        found.sort { $0.createAt > $1.createAt }
        let pageOf = Array(found.dropFirst(page * perPage).prefix(perPage))
        return Reply.json { w in
            w.postList(order: pageOf, extra: [])
        }
    }

    /// `@username`, `username`, the mention keys and (when enabled) the first name, lowercased.
    static func ownMentionWords(_ u: User) -> [String] {
        var words = ["@" + u.username, u.username]
        for key in (u.notifyProps["mention_keys"] ?? "").split(separator: ",") {
            let k = key.lowercased().trimmingCharacters(in: .whitespaces)
            if !k.isEmpty { words.append(k) }
        }
        if u.notifyProps["first_name"] == "true", !u.firstName.isEmpty { words.append(u.firstName.lowercased()) }
        return words
    }
}
