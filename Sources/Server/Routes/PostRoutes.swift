import Actors
import Net

/// `/api/v4/posts…`, a channel's posts, pins and reactions.
enum PostRoutes {
    static let propsBytesMax = 64 << 10

    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/posts") { c in c.run { try await create($0, chat) } }
        r.add("GET", "/api/v4/posts/{post_id}") { c in
            c.run { c in
                let (auth, actor, caller, id) = try await locate(c, chat)
                _ = auth
                let post = try await actor.post(id, by: caller)
                return Reply.json { $0.post(post) }
            }
        }
        r.add("PUT", "/api/v4/posts/{post_id}/patch") { c in c.run { try await edit($0, chat) } }
        r.add("PUT", "/api/v4/posts/{post_id}") { c in c.run { try await edit($0, chat) } }
        r.add("DELETE", "/api/v4/posts/{post_id}") { c in
            c.run { c in
                let (_, actor, caller, id) = try await locate(c, chat)
                _ = try await actor.deletePost(id, by: caller)
                return .ok
            }
        }
        r.add("GET", "/api/v4/posts/{post_id}/thread") { c in
            c.run { c in
                let (_, actor, caller, id) = try await locate(c, chat)
                let posts = try await actor.thread(id, by: caller)
                return Reply.json { $0.postList(order: posts, extra: []) }
            }
        }
        for (verb, pinned) in [("pin", true), ("unpin", false)] {
            r.add("POST", "/api/v4/posts/{post_id}/\(verb)") { c in
                c.run { c in
                    let (_, actor, caller, id) = try await locate(c, chat)
                    _ = try await actor.pin(id, pinned, by: caller)
                    return .ok
                }
            }
        }
        r.add("GET", "/api/v4/channels/{channel_id}/posts") { c in c.run { try await page($0, chat) } }
        r.add("GET", "/api/v4/channels/{channel_id}/pinned") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                let posts = try await actor.pinned(by: caller)
                return Reply.json { $0.postList(order: posts, extra: []) }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/channels/{channel_id}/posts/unread") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission() }
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                _ = try await actor.channel(by: caller)
                let result = try await actor.unreadPage(for: auth.userID, before: c.intQuery("limit_before", default: 60, max: 200),
                                                        after: c.intQuery("limit_after", default: 60, max: 200))
                return Reply.json { $0.postList(order: result.order, extra: result.extra, hasNext: result.hasNext) }
            }
        }
        ReactionRoutes.register(on: &r, chat)
    }

    /// The channel actor owning a post id, and the caller with their team roles. An unknown id answers like a
    /// post in a channel the caller cannot see (A1).
    static func locate(_ c: RouteContext, _ chat: ChatContext) async throws -> (Authed, ChannelActor, Caller, ID) {
        let auth = try await chat.authenticate(c)
        let id = try c.idParameter("post_id")
        guard let channelID = chat.runtime.channelOf(post: id) else { throw AppError.unseen }
        let (actor, _, caller) = try await chat.channel(channelID, auth)
        return (auth, actor, caller, id)
    }

    static func props(_ value: JSONValue?) throws -> [UInt8]? {
        guard let value, !value.isNull else { return nil }
        guard var object = value.object else { throw AppError.invalidBody("props") }
        // Callers may not claim to be integrations or override names (A8).
        for key in ["from_webhook", "override_username", "override_icon_url", "from_bot", "from_plugin"] { object[key] = nil }
        let bytes = JSONWriter.encode(.object(object))
        guard bytes.count <= propsBytesMax else { throw AppError.invalidBody("props") }
        return bytes
    }

    static func create(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let body = try c.jsonObject()
        guard let channelID = body["channel_id"]?.string.flatMap(ID.init) else { throw AppError.invalidBody("channel_id") }
        let (actor, _, caller) = try await chat.channel(channelID, auth)
        var draft = PostDraft(message: body["message"]?.string ?? "")
        if let root = body["root_id"]?.string, !root.isEmpty {
            guard let id = ID(root) else { throw AppError.invalidBody("root_id") }
            draft.rootID = id
        }
        draft.props = try props(body["props"]) ?? Post.emptyProps
        draft.pendingPostID = String((body["pending_post_id"]?.string ?? "").prefix(64))
        if let files = body["file_ids"]?.array {
            draft.fileIDs = files.compactMap { $0.string.flatMap(ID.init) }
        }
        let (post, _) = try await actor.createPost(draft, by: caller)
        return Reply.json(201) { $0.post(post) }
    }

    static func edit(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let (_, actor, caller, id) = try await locate(c, chat)
        let body = try c.jsonObject()
        let post = try await actor.editPost(id, message: body["message"]?.string, props: try props(body["props"]), by: caller)
        return Reply.json { $0.post(post) }
    }

    static func page(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
        let (p, perPage) = c.paging
        let request: PostPage
        if let since = c.query("since").flatMap(Int64.init) {
            request = .since(since)
        } else if let before = c.query("before"), !before.isEmpty {
            guard let id = ID(before) else { throw AppError.invalidParam("before") }
            request = .before(id, page: p, perPage: perPage)
        } else if let after = c.query("after"), !after.isEmpty {
            guard let id = ID(after) else { throw AppError.invalidParam("after") }
            request = .after(id, page: p, perPage: perPage)
        } else {
            request = .latest(page: p, perPage: perPage)
        }
        let result = try await actor.posts(request, by: caller)
        return Reply.json {
            $0.postList(order: result.order, extra: result.extra, prevPostID: result.prevPostID,
                        nextPostID: result.nextPostID, hasNext: result.hasNext)
        }
    }
}
