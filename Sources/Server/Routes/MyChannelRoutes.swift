import Actors
import Net

/// The caller's own channels, their member records and unread counts (notes §2: unread = total − msg_count).
enum MyChannelRoutes {
    /// One row of Mattermost's TeamUnread: the unread and mention counts summed over a team's channels.
    typealias TeamUnread = (teamID: ID, msg: Int64, mention: Int64, msgRoot: Int64, mentionRoot: Int64)

    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels") { c in
            c.run { c in
                let rows = try await mine(c, chat, team: try c.idParameter("team_id"))
                return Reply.json { w in w.beginArray(); for (ch, _) in rows { w.channel(ch) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/channels") { c in
            c.run { c in
                let rows = try await mine(c, chat, team: nil)
                return Reply.json { w in w.beginArray(); for (ch, _) in rows { w.channel(ch) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/members") { c in
            c.run { c in
                let rows = try await mine(c, chat, team: try c.idParameter("team_id"))
                return Reply.json { w in w.beginArray(); for (_, m) in rows { w.channelMember(m) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/channels/{channel_id}/unread") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission() }
                guard let actor = chat.runtime.channel(try c.idParameter("channel_id")),
                      let (ch, m) = try await actor.ownMember(auth.userID) else { throw AppError(ChatError.missing("channel member")) }
                return Reply.json { w in
                    w.beginObject(); w.field("team_id", ch.teamID?.description ?? ""); w.field("channel_id", ch.id)
                    w.field("msg_count", ch.totalMsgCount - m.msgCount); w.field("mention_count", m.mentionCount)
                    w.field("mention_count_root", m.mentionCountRoot); w.field("urgent_mention_count", m.urgentMentionCount)
                    w.field("msg_count_root", ch.totalMsgCountRoot - m.msgCountRoot); w.endObject()
                }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/teams/unread") { c in
            c.run { c in
                let rows = try await teamUnreads(c, chat)
                return Reply.json { w in w.beginArray(); for row in rows { teamUnread(row, &w) }; w.endArray() }
            }
        }
        r.add("GET", "/api/v4/users/{user_id}/teams/{team_id}/unread") { c in
            c.run { c in
                let teamID = try c.idParameter("team_id")
                guard let row = try await teamUnreads(c, chat).first(where: { $0.teamID == teamID }) else {
                    throw AppError(ChatError.missing("team member"))
                }
                return Reply.json { teamUnread(row, &$0) }
            }
        }
    }

    /// The caller's unread counts summed over each of their teams' channels, in team id order; a team
    /// whose channels are all read still has its (zero) row.
    static func teamUnreads(_ c: RouteContext, _ chat: ChatContext) async throws -> [TeamUnread] {
        let rows = try await mineWithAuth(c, chat, team: nil)
        var byTeam: [ID: TeamUnread] = [:]
        for tid in try await chat.directory.memberships(of: rows.auth).teams { byTeam[tid] = (tid, 0, 0, 0, 0) }
        for (ch, m) in rows.rows {
            guard let tid = ch.teamID, var t = byTeam[tid] else { continue }
            t.msg += ch.totalMsgCount - m.msgCount; t.mention += m.mentionCount
            t.msgRoot += ch.totalMsgCountRoot - m.msgCountRoot; t.mentionRoot += m.mentionCountRoot
            byTeam[tid] = t
        }
        return byTeam.values.sorted { $0.teamID < $1.teamID }
    }

    /// The caller's channels (of one team plus their DMs and GMs, or all), with their member records.
    static func mine(_ c: RouteContext, _ chat: ChatContext, team: ID?) async throws -> [(Channel, ChannelMember)] {
        try await mineWithAuth(c, chat, team: team).rows
    }

    static func mineWithAuth(_ c: RouteContext, _ chat: ChatContext, team: ID?) async throws
        -> (rows: [(Channel, ChannelMember)], auth: ID)
    {
        let auth = try await chat.authenticate(c)
        guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission("edit_other_users") }
        let includeDeleted = c.query("include_deleted") == "true"
        var rows: [(Channel, ChannelMember)] = []
        for id in try await chat.directory.memberships(of: auth.userID).channels.sorted() {
            guard let actor = chat.runtime.channel(id), let (ch, m) = try await actor.ownMember(auth.userID) else { continue }
            if let team, ch.teamID != nil, ch.teamID != team { continue }
            if ch.isArchived && !includeDeleted { continue }
            rows.append((ch, m))
        }
        return (rows, auth.userID)
    }

    /// Collapsed threads are off, so the thread counters are always 0.
    static func teamUnread(_ t: TeamUnread, _ w: inout JSONWriter) {
        w.beginObject(); w.field("team_id", t.teamID); w.field("msg_count", t.msg); w.field("mention_count", t.mention)
        w.field("mention_count_root", t.mentionRoot); w.field("msg_count_root", t.msgRoot)
        w.field("thread_count", 0); w.field("thread_mention_count", 0); w.field("thread_urgent_mention_count", 0)
        w.endObject()
    }
}
