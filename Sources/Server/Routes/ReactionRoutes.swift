import Actors
import Net

/// Reactions: add (200, as the real server answers), remove, list.
enum ReactionRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("POST", "/api/v4/reactions") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let body = try c.jsonObject()
                guard let pid = body["post_id"]?.string.flatMap(ID.init), let emoji = body["emoji_name"]?.string else {
                    throw AppError.invalidBody("post_id or emoji_name")
                }
                if let uid = body["user_id"]?.string, uid != auth.userID.description { throw AppError.permission("add_reaction") }
                let (actor, channelID, caller) = try await owner(pid, auth, chat)
                let reaction = try await actor.react(pid, emoji: emoji, added: true, by: caller)
                return Reply.json { $0.reaction(reaction, channelID: channelID) }
            }
        }
        r.add("DELETE", "/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard try c.idParameter("user_id", me: auth.userID) == auth.userID else { throw AppError.permission("remove_reaction") }
                let pid = try c.idParameter("post_id")
                let (actor, _, caller) = try await owner(pid, auth, chat)
                _ = try await actor.react(pid, emoji: c.parameters["emoji_name"] ?? "", added: false, by: caller)
                return .ok
            }
        }
        r.add("GET", "/api/v4/posts/{post_id}/reactions") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let pid = try c.idParameter("post_id")
                let (actor, channelID, caller) = try await owner(pid, auth, chat)
                let post = try await actor.post(pid, by: caller)
                return Reply.json { w in w.beginArray(); for r in post.reactions { w.reaction(r, channelID: channelID) }; w.endArray() }
            }
        }
    }

    static func owner(_ postID: ID, _ auth: Authed, _ chat: ChatContext) async throws -> (ChannelActor, ID, Caller) {
        guard let channelID = chat.runtime.channelOf(post: postID) else { throw AppError.unseen }
        let (actor, _, caller) = try await chat.channel(channelID, auth)
        return (actor, channelID, caller)
    }
}
