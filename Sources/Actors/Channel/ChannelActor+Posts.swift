import Snapshot

/// What `POST /posts` supplies, after Server validated the JSON (props are JSON text of an object).
public struct PostDraft: Sendable {
    public var message: String
    public var rootID: ID?
    public var props: [UInt8] = Post.emptyProps
    public var fileIDs: [ID] = []
    public var pendingPostID = ""

    public init(message: String, rootID: ID? = nil) {
        self.message = message
        self.rootID = rootID
    }
}

/// Posting, editing, deleting, pinning and reactions.
extension ChannelActor {
    static let pendingWindowMillis: Int64 = 30_000
    static let pendingEntriesMax = 10_000
    static let reactionsPerPostMax = 50
    static let fileIDsMax = 10

    /// Creates a post. A repeat of the same `pending_post_id` within 30 s returns the first post (A28).
    public func createPost(_ draft: PostDraft, by caller: Caller) async throws(ChatError)
        -> (post: Post, mentions: Mentions)
    {
        let now = runtime.clock.nowMillis()
        if !draft.pendingPostID.isEmpty, let seen = recentPending[draft.pendingPostID], now - seen.at < Self.pendingWindowMillis {
            var post = try await self.post(seen.id, by: caller)
            post.pendingPostID = draft.pendingPostID
            return (post, Mentions())
        }
        guard draft.message.unicodeScalars.count <= Post.messageRunesMax else {
            throw ChatError(.badRequest, id: "model.post.is_valid.message_length.app_error",
                            "A message may have at most \(Post.messageRunesMax) characters.")
        }
        guard !draft.message.isEmpty || !draft.fileIDs.isEmpty else { throw ChatError.invalidParam("message") }
        guard draft.fileIDs.count <= Self.fileIDsMax else { throw ChatError.invalidParam("file_ids") }
        let roles = runtime.roles
        let postID = ID.fast()
        var parsed = Mentions()
        // Remembered before the first suspension: the actor is reentrant while this post waits to be durable, and a
        // retry arriving then must find it and answer with it instead of making a second post (A28).
        rememberPending(draft.pendingPostID, postID, now)
        let made: Post
        do {
            made = try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
                try check(.post, s, caller, roles: roles)
                if let root = draft.rootID {
                    guard let slot = s.posts.slot(of: root), s.posts.entries[Int(slot)].root < 0,
                          s.posts.entries[Int(slot)].deleteAt == 0 else {
                        throw ChatError(.badRequest, id: "api.post.create_post.root_id.app_error", "Invalid root_id parameter.")
                    }
                }
                let members = runtime.profiles.candidates(s.members.keys, presence: runtime.presence)
                parsed = MentionParser.parse(message: draft.message, authorID: caller.userID, channelKind: s.channel!.kind,
                                             members: members)
                unreachedNames = parsed.otherUsernames
                let seed = PostSeed(id: postID, userID: caller.userID, createAt: runtime.now(after: s.posts.lastCreateAt),
                                    rootID: draft.rootID, message: draft.message, props: draft.props,
                                    hashtags: MentionParser.hashtags(in: draft.message), fileIDs: draft.fileIDs,
                                    mentions: parsed.userIDs)
                return PostCreated(channelID: id, post: seed)
            }, result: { (s: ChannelState) throws(ChatError) -> Post in s.posts.post(at: s.posts.slot(of: postID)!, channelID: id) })
        } catch {
            if recentPending[draft.pendingPostID]?.id == postID { recentPending[draft.pendingPostID] = nil }
            throw error
        }
        var post = made
        post.pendingPostID = draft.pendingPostID
        return (post, parsed)
    }

    private func rememberPending(_ pending: String, _ postID: ID, _ now: Int64) {
        guard !pending.isEmpty else { return }
        if recentPending.count >= Self.pendingEntriesMax {
            recentPending = recentPending.filter { now - $0.value.at < Self.pendingWindowMillis }
            if recentPending.count >= Self.pendingEntriesMax { recentPending.removeAll() }
        }
        recentPending[pending] = (postID, now)
    }

    /// `PUT /posts/{id}/patch` and `PUT /posts/{id}`: the author (edit_post) or edit_others_posts.
    public func editPost(_ postID: ID, message: String?, props: [UInt8]?, by caller: Caller) async throws(ChatError) -> Post {
        if let message, message.unicodeScalars.count > Post.messageRunesMax {
            throw ChatError(.badRequest, id: "model.post.is_valid.message_length.app_error",
                            "A message may have at most \(Post.messageRunesMax) characters.")
        }
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        let limit = runtime.settings.current.postEditTimeLimitSeconds
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            let slot = try livePost(postID, s)
            let entry = s.posts.entries[Int(slot)]
            guard entry.type == PostType.normal.rawValue else {
                throw ChatError(.badRequest, id: "api.post.update_post.system_message.app_error", "System messages cannot be edited.")
            }
            try check(entry.userID == caller.userID ? .editOwnPost : .editOthersPost, s, caller, roles: roles)
            if limit >= 0 && entry.userID == caller.userID && now - entry.createAt > Int64(limit) * 1000 {
                throw ChatError(.badRequest, id: "api.post.update_post.permissions_time_limit.app_error",
                                "Edits are allowed for \(limit) seconds only.")
            }
            return PostEdited(channelID: id, postID: postID, message: message ?? s.posts.message(at: slot), props: props, at: now)
        }, result: { (s: ChannelState) throws(ChatError) -> Post in s.posts.post(at: s.posts.slot(of: postID)!, channelID: id) })
    }

    /// Soft delete (a root takes its replies along): the author (delete_post) or delete_others_posts.
    public func deletePost(_ postID: ID, by caller: Caller) async throws(ChatError) -> Post {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            let slot = try livePost(postID, s)
            let author = s.posts.entries[Int(slot)].userID
            try check(author == caller.userID ? .deleteOwnPost : .deleteOthersPost, s, caller, roles: roles)
            return PostDeleted(channelID: id, postID: postID, at: now)
        }, result: { (s: ChannelState) throws(ChatError) -> Post in s.posts.post(at: s.posts.slot(of: postID)!, channelID: id) })
    }

    public func pin(_ postID: ID, _ pinned: Bool, by caller: Caller) async throws(ChatError) -> Post {
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            let slot = try livePost(postID, s)
            try check(.pin, s, caller, roles: roles)
            if s.posts.entries[Int(slot)].pinned == pinned { return nil }
            return PostPinned(channelID: id, postID: postID, pinned: pinned, at: now)
        }, result: { (s: ChannelState) throws(ChatError) -> Post in s.posts.post(at: s.posts.slot(of: postID)!, channelID: id) })
    }

    /// Adds (`added`) or removes the caller's reaction; at most 50 different emoji per post (A11).
    public func react(_ postID: ID, emoji: String, added: Bool, by caller: Caller) async throws(ChatError) -> Reaction {
        guard !emoji.isEmpty, emoji.utf8.count <= 64,
              emoji.utf8.allSatisfy({ b in (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                  || b == 0x2D || b == 0x2B || b == 0x5F }) else { throw ChatError.invalidParam("emoji_name") }
        let now = runtime.clock.nowMillis()
        let roles = runtime.roles
        let reaction = Reaction(userID: caller.userID, postID: postID, emojiName: emoji, createAt: now)
        return try await perform({ (s: ChannelState) throws(ChatError) -> (any ChatRecord)? in
            let slot = try livePost(postID, s)
            try check(.react, s, caller, roles: roles)
            let existing = s.posts.reactions[slot] ?? []
            let mine = existing.contains { $0.userID == caller.userID && $0.emojiName == emoji }
            if added == mine { return nil }
            if added, !existing.contains(where: { $0.emojiName == emoji }),
               Set(existing.map(\.emojiName)).count >= Self.reactionsPerPostMax {
                throw ChatError(.badRequest, id: "app.reaction.save.save.too_many_reactions",
                                "A post may have at most \(Self.reactionsPerPostMax) different reactions.")
            }
            return ReactionChanged(channelID: id, reaction: reaction, added: added)
        }, result: { _ throws(ChatError) in reaction })
    }

    func livePost(_ postID: ID, _ s: ChannelState) throws(ChatError) -> Int32 {
        guard let slot = s.posts.slot(of: postID), s.posts.entries[Int(slot)].deleteAt == 0 else {
            throw ChatError.missing("post")
        }
        return slot
    }
}
