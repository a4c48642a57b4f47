import Snapshot

/// Everything one channel owns: its fields, members with their read state, posts, pins and reactions.
/// `channel` is nil until the record that creates the channel is applied.
public struct ChannelState: ActorState {
    public var appliedLSN: LSN = 0
    public let id: ID
    public var channel: Channel?
    public var members: [ID: ChannelMember] = [:]
    public var posts = PostStore()

    public init(id: ID) {
        self.id = id
    }

    public mutating func applyRecord(_ record: any ChatRecord) {
        record.apply(to: &self)
    }

    public func isMember(_ user: ID) -> Bool { members[user] != nil }

    /// Joins a member with the read state Mattermost gives a new member: everything so far counts as read, so
    /// joining a busy channel does not light up thousands of unread messages.
    mutating func addMember(_ user: ID, admin: Bool, at time: Int64) {
        guard members[user] == nil, let channel else { return }
        var member = ChannelMember(channelID: id, userID: user, schemeAdmin: admin, at: time)
        member.msgCount = channel.totalMsgCount
        member.msgCountRoot = channel.totalMsgCountRoot
        member.lastViewedAt = time
        members[user] = member
    }

    /// Stores a post and does the read-state arithmetic of notes §2: the channel's totals and `last_post_at`
    /// rise; the author has now read everything; each mentioned member's `mention_count` rises.
    mutating func addPost(_ seed: PostSeed) {
        guard channel != nil, posts.slot(of: seed.id) == nil else { return }
        // Posts are kept in `create_at` order. A system post stamped by another actor (a team join) may carry a
        // time at or before the newest post here; it is moved just after it, the same way on every replay.
        var seed = seed
        if seed.createAt <= posts.lastCreateAt { seed.createAt = posts.lastCreateAt + 1 }
        posts.insert(seed)
        channel!.totalMsgCount += 1
        channel!.lastPostAt = max(channel!.lastPostAt, seed.createAt)
        let isRoot = seed.rootID == nil
        if isRoot {
            channel!.totalMsgCountRoot += 1
            channel!.lastRootPostAt = max(channel!.lastRootPostAt, seed.createAt)
        }
        if var author = members[seed.userID] {
            author.msgCount = channel!.totalMsgCount
            author.msgCountRoot = channel!.totalMsgCountRoot
            author.lastViewedAt = seed.createAt
            author.lastUpdateAt = seed.createAt
            members[seed.userID] = author
        }
        for user in seed.mentions where user != seed.userID {
            guard var member = members[user] else { continue }
            member.mentionCount += 1
            if isRoot { member.mentionCountRoot += 1 }
            members[user] = member
        }
    }

    /// Marks the channel read for one member (`POST /channels/members/{uid}/view`).
    mutating func view(by user: ID, at time: Int64) {
        guard var member = members[user], let channel else { return }
        member.msgCount = channel.totalMsgCount
        member.msgCountRoot = channel.totalMsgCountRoot
        member.mentionCount = 0
        member.mentionCountRoot = 0
        member.urgentMentionCount = 0
        member.lastViewedAt = time
        member.lastUpdateAt = time
        members[user] = member
    }
}
