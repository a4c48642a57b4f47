import Snapshot

/// Which page of a channel's posts (`GET /channels/{id}/posts`).
public enum PostPage: Sendable {
    case latest(page: Int, perPage: Int)
    case since(Int64)
    case before(ID, page: Int, perPage: Int)
    case after(ID, page: Int, perPage: Int)
}

/// A page of posts: `order` newest first, `extra` the thread roots of replies on the page that are not on it.
public struct PostPageResult: Sendable {
    public var order: [Post] = []
    public var extra: [Post] = []
    public var prevPostID = ""
    public var nextPostID = ""
    public var hasNext = false
}

/// Reads, each after the policy's `read` check and once what they reflect is durable.
extension ChannelActor {
    public func channel(by caller: Caller) async throws(ChatError) -> Channel {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> Channel in
            try check(.read, s, caller, roles: roles)
            return s.channel!
        }
    }

    /// The channel without a permission check, for Server's own use (listing a user's channels, fan-out facts).
    public func channelUnchecked() async throws(ChatError) -> Channel? {
        try await observe { (s: ChannelState) throws(ChatError) -> Channel? in s.channel }
    }

    public func member(_ userID: ID, by caller: Caller) async throws(ChatError) -> ChannelMember {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> ChannelMember in
            try check(.viewMembers, s, caller, roles: roles)
            guard let m = s.members[userID] else { throw ChatError.missing("channel member") }
            return m
        }
    }

    /// The member record of `userID` if they belong here (no check: it is the user's own).
    public func ownMember(_ userID: ID) async throws(ChatError) -> (Channel, ChannelMember)? {
        try await observe { (s: ChannelState) throws(ChatError) -> (Channel, ChannelMember)? in
            guard let c = s.channel, let m = s.members[userID] else { return nil }
            return (c, m)
        }
    }

    public func members(page: Int, perPage: Int, by caller: Caller) async throws(ChatError) -> [ChannelMember] {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> [ChannelMember] in
            try check(.viewMembers, s, caller, roles: roles)
            let all = s.members.values.sorted { $0.userID < $1.userID }
            let start = min(all.count, max(0, page) * perPage)
            return Array(all[start..<min(all.count, start + perPage)])
        }
    }

    public func memberIDs() async throws(ChatError) -> [ID] {
        try await observe { (s: ChannelState) throws(ChatError) -> [ID] in Array(s.members.keys) }
    }

    /// (member count, pinned post count) for `GET /channels/{id}/stats`.
    public func stats(by caller: Caller) async throws(ChatError) -> (members: Int, pinned: Int) {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> (members: Int, pinned: Int) in
            try check(.read, s, caller, roles: roles)
            return (s.members.count, s.posts.entries.reduce(0) { $0 + ($1.pinned && $1.deleteAt == 0 ? 1 : 0) })
        }
    }

    public func post(_ postID: ID, by caller: Caller) async throws(ChatError) -> Post {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> Post in
            try check(.read, s, caller, roles: roles)
            let slot = try livePost(postID, s)
            return s.posts.post(at: slot, channelID: id)
        }
    }

    /// The whole thread of any post in it: root first is not required; `order` is newest first.
    public func thread(_ postID: ID, by caller: Caller) async throws(ChatError) -> [Post] {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> [Post] in
            try check(.read, s, caller, roles: roles)
            let slot = try livePost(postID, s)
            let root = s.posts.entries[Int(slot)].root >= 0 ? s.posts.entries[Int(slot)].root : slot
            let members = [root] + (s.posts.replies[root] ?? [])
            return members.filter { s.posts.entries[Int($0)].deleteAt == 0 }.reversed()
                .map { s.posts.post(at: $0, channelID: id) }
        }
    }

    public func pinned(by caller: Caller) async throws(ChatError) -> [Post] {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> [Post] in
            try check(.read, s, caller, roles: roles)
            return s.posts.entries.indices.reversed()
                .filter { s.posts.entries[$0].pinned && s.posts.entries[$0].deleteAt == 0 }
                .map { s.posts.post(at: Int32($0), channelID: id) }
        }
    }

    public func posts(_ page: PostPage, by caller: Caller) async throws(ChatError) -> PostPageResult {
        let roles = runtime.roles
        return try await observe { (s: ChannelState) throws(ChatError) -> PostPageResult in
            try check(.read, s, caller, roles: roles)
            return s.posts.page(page, channelID: id)
        }
    }
}

/// What the statistics page counts for one channel.
public struct ChannelFacts: Sendable {
    public var kind: Channel.Kind
    public var teamID: ID?
    public var isArchived: Bool
    public var livePosts: Int
}

extension ChannelActor {
    public func facts() async throws(ChatError) -> ChannelFacts? {
        try await observe { (s: ChannelState) throws(ChatError) -> ChannelFacts? in
            guard let c = s.channel else { return nil }
            return ChannelFacts(kind: c.kind, teamID: c.teamID, isArchived: c.isArchived,
                                livePosts: s.posts.entries.reduce(0) { $0 + ($1.deleteAt == 0 ? 1 : 0) })
        }
    }
}
