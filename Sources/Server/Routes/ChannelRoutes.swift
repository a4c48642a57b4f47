import Actors
import Net

/// `/api/v4/channels…`: create, read, patch, archive; direct and group messages.
enum ChannelRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/channels") { c in c.run { try await create($0, chat) } }
        r.add("POST", "/api/v4/channels/direct") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let ids = (try c.json().array ?? []).compactMap { $0.string.flatMap(ID.init) }
                guard ids.count == 2 else { throw AppError.invalidBody("user ids") }
                let id = try await chat.directory.createDirect(ids[0], ids[1], by: auth.caller)
                return try await channelReply(id, auth, chat, status: 201)
            }
        }
        r.add("POST", "/api/v4/channels/group") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let list = try c.json().array, list.count <= 16 else { throw AppError.invalidBody("user ids") }
                let ids = list.compactMap { $0.string.flatMap(ID.init) }
                guard ids.count == list.count else { throw AppError.invalidBody("user ids") }
                let id = try await chat.directory.createGroup(ids, by: auth.caller)
                return try await channelReply(id, auth, chat, status: 201)
            }
        }
        r.add("GET", "/api/v4/channels/{channel_id}") { c in
            c.run { c in try await channelReply(try c.idParameter("channel_id"), try await chat.authenticate(c), chat) }
        }
        r.add("GET", "/api/v4/teams/{team_id}/channels/name/{name}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try await chat.team(try c.idParameter("team_id")).channelID(named: c.parameters["name"] ?? "")
                return try await channelByNameReply(id, auth, chat)
            }
        }
        r.add("GET", "/api/v4/teams/name/{team_name}/channels/name/{name}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let tid = try await chat.directory.team(named: c.parameters["team_name"] ?? "") else {
                    throw AppError(ChatError.missing("channel"))
                }
                let id = try await chat.team(tid).channelID(named: c.parameters["name"] ?? "")
                return try await channelByNameReply(id, auth, chat)
            }
        }
        r.add("GET", "/api/v4/teams/{team_id}/channels") { c in c.run { try await publicChannels($0, chat) } }
        r.add("PUT", "/api/v4/channels/{channel_id}/patch") { c in c.run { try await patch($0, chat) } }
        r.add("DELETE", "/api/v4/channels/{channel_id}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                _ = try await actor.archive(by: caller, callerName: auth.user.username)
                return .ok
            }
        }
        r.add("POST", "/api/v4/channels/{channel_id}/restore") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                let channel = try await actor.restore(by: caller)
                return Reply.json { $0.channel(channel) }
            }
        }
        r.add("GET", "/api/v4/channels/{channel_id}/stats") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let (actor, channel, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
                let stats = try await actor.stats(by: caller)
                return Reply.json { w in
                    w.beginObject(); w.field("channel_id", channel.id); w.field("member_count", stats.members)
                    w.field("guest_count", 0); w.field("pinnedpost_count", stats.pinned); w.field("has_new_pinned_posts", false)
                    w.field("files_count", 0); w.endObject()
                }
            }
        }
        ChannelMemberRoutes.register(on: &r, chat)
    }

    static func channelReply(_ id: ID, _ auth: Authed, _ chat: ChatContext, status: Int = 200) async throws -> Reply {
        let (actor, _, caller) = try await chat.channel(id, auth)
        let channel = try await actor.channel(by: caller)
        return Reply.json(status) { $0.channel(channel) }
    }

    /// A channel looked up by name. One the caller may not see answers like a name nobody uses: names are
    /// guessable, so a different answer would reveal that a private channel exists (MMSA-2020-0004, A2).
    static func channelByNameReply(_ id: ID?, _ auth: Authed, _ chat: ChatContext) async throws -> Reply {
        do {
            guard let id else { throw ChatError.missing("channel") }
            return try await channelReply(id, auth, chat)
        } catch let e as ChatError where e.kind == .forbidden {
            throw AppError(ChatError.missing("channel"))
        }
    }

    static func create(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let body = try c.jsonObject()
        guard let teamID = body["team_id"]?.string.flatMap(ID.init), let name = body["name"]?.string,
              let display = body["display_name"]?.string else { throw AppError.invalidBody("team_id, name or display_name") }
        let kind: Channel.Kind
        switch body["type"]?.string ?? "O" {
        case "O": kind = .open
        case "P": kind = .privateChannel
        default: throw AppError.invalidBody("type")
        }
        let id = try await chat.team(teamID).createChannel(name: name, displayName: display, kind: kind,
                                                          purpose: body["purpose"]?.string ?? "",
                                                          header: body["header"]?.string ?? "", by: auth.caller)
        return try await channelReply(id, auth, chat, status: 201)
    }

    /// Public channels of a team to browse and join.
    static func publicChannels(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let team = try chat.team(try c.idParameter("team_id"))
        guard try await team.roles(of: auth.userID) != nil || auth.caller.isSystemAdmin else { throw AppError.permission("list_team_channels") }
        var channels: [Channel] = []
        for id in try await team.channelIDs() {
            if let ch = try await chat.runtime.channel(id)?.channelUnchecked(), ch.kind == .open, !ch.isArchived {
                channels.append(ch)
            }
        }
        channels.sort { $0.displayName.lowercased() < $1.displayName.lowercased() }
        let (page, perPage) = c.paging
        let slice = channels.dropFirst(page * perPage).prefix(perPage)
        return Reply.json { w in w.beginArray(); for ch in slice { w.channel(ch) }; w.endArray() }
    }

    static func patch(_ c: RouteContext, _ chat: ChatContext) async throws -> Reply {
        let auth = try await chat.authenticate(c)
        let (actor, _, caller) = try await chat.channel(try c.idParameter("channel_id"), auth)
        let body = try c.jsonObject()
        var p = ChannelPatch()
        p.name = body["name"]?.string
        p.displayName = body["display_name"]?.string
        p.header = body["header"]?.string
        p.purpose = body["purpose"]?.string
        let channel = try await actor.patch(p, by: caller, callerName: auth.user.username)
        return Reply.json { $0.channel(channel) }
    }
}
