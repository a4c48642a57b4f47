import Snapshot
@testable import Actors

/// Builds a channel state by applying records to it, as the actor and replay do, with LSNs counted up from 1.
/// Pure: no runtime, no journal. Times are explicit so the read-state arithmetic can be checked exactly.
struct ChannelScript {
    static let start: Int64 = 1_000_000
    var state: ChannelState
    var lsn: LSN = 0
    let channelID: ID

    /// A channel of `kind` created at `start` with `members` (the first one admin for O/P).
    init(kind: Channel.Kind = .open, members: [ID]) {
        channelID = ID.fast()
        state = ChannelState(id: channelID)
        let channel = Channel(id: channelID, teamID: kind.isTeamKind ? ID.fast() : nil, kind: kind,
                              createAt: Self.start, name: "chan", displayName: "Chan", creatorID: members.first)
        apply(ChannelCreated(channel: channel, members: members, adminID: kind.isTeamKind ? members.first : nil))
    }

    mutating func apply(_ record: any ChatRecord) {
        lsn += 1
        state.apply(record, lsn: lsn)
    }

    /// A post by `user` at `time`, replying to `root` when given, mentioning `mentions`; returns its id.
    @discardableResult
    mutating func post(_ user: ID, at time: Int64, root: ID? = nil, mentions: [ID] = [], message: String = "hello") -> ID {
        let id = ID.fast()
        apply(PostCreated(channelID: channelID, post: PostSeed(id: id, userID: user, createAt: time, rootID: root,
                                                                message: message, mentions: mentions)))
        return id
    }

    mutating func view(_ user: ID, at time: Int64) {
        apply(ChannelViewed(channelID: channelID, userID: user, at: time))
    }

    mutating func join(_ user: ID, at time: Int64, systemPost: Bool = false) {
        let seed = systemPost ? SystemPost.make(.joinChannel, by: user, at: time, message: "joined", props: []) : nil
        apply(ChannelJoined(channelID: channelID, userID: user, at: time, systemPost: seed))
    }

    var channel: Channel { state.channel! }
    func member(_ user: ID) -> ChannelMember { state.members[user]! }
    func post(_ id: ID) -> Post { state.posts.post(at: state.posts.slot(of: id)!, channelID: channelID) }
    /// Unread messages as clients compute them (notes §2): the channel's total minus the member's count.
    func unread(_ user: ID) -> Int64 { channel.totalMsgCount - member(user).msgCount }
}

extension Channel.Kind {
    var isTeamKind: Bool { self == .open || self == .privateChannel }
}
