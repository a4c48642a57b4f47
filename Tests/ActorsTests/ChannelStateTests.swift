import Snapshot
import Testing
@testable import Actors

/// The channel state's read-state arithmetic (notes §2 ChannelMember and the unread endpoints) and how posts,
/// threads, edits, deletes, pins and reactions land when their records are applied. Pure: records in, state out.
@Suite struct ChannelStateTests {
    let a = ID.fast(), b = ID.fast(), c = ID.fast()
    let t0 = ChannelScript.start

    @Test func createdChannelStartsEmptyAndEveryFirstMemberHasReadIt() {
        let s = ChannelScript(members: [a, b])
        #expect(s.channel.totalMsgCount == 0 && s.channel.totalMsgCountRoot == 0 && s.channel.lastPostAt == 0)
        for user in [a, b] {
            let m = s.member(user)
            #expect(m.msgCount == 0 && m.mentionCount == 0 && m.lastViewedAt == t0)
        }
        #expect(s.member(a).schemeAdmin && !s.member(b).schemeAdmin)
        #expect(s.member(a).roles == "channel_user channel_admin" && s.member(b).roles == "channel_user")
    }

    @Test func rootPostRaisesTotalsAndTheAuthorHasReadIt() {
        var s = ChannelScript(members: [a, b, c])
        s.post(a, at: t0 + 10)
        #expect(s.channel.totalMsgCount == 1 && s.channel.totalMsgCountRoot == 1)
        #expect(s.channel.lastPostAt == t0 + 10 && s.channel.lastRootPostAt == t0 + 10)
        let author = s.member(a)
        #expect(author.msgCount == 1 && author.msgCountRoot == 1 && author.lastViewedAt == t0 + 10)
        #expect(s.unread(a) == 0 && s.unread(b) == 1 && s.unread(c) == 1)
        #expect(s.member(b).msgCount == 0 && s.member(b).lastViewedAt == t0)
    }

    @Test func replyRaisesTheTotalButNotTheRootTotal() {
        var s = ChannelScript(members: [a, b])
        let root = s.post(a, at: t0 + 10)
        s.post(b, at: t0 + 20, root: root)
        #expect(s.channel.totalMsgCount == 2 && s.channel.totalMsgCountRoot == 1)
        #expect(s.channel.lastPostAt == t0 + 20 && s.channel.lastRootPostAt == t0 + 10)
        #expect(s.member(b).msgCount == 2 && s.member(b).msgCountRoot == 1 && s.member(b).lastViewedAt == t0 + 20)
        #expect(s.member(a).msgCount == 1 && s.unread(a) == 1)
        #expect(s.post(root).replyCount == 1 && s.post(root).lastReplyAt == t0 + 20 && s.post(root).updateAt == t0 + 20)
    }

    @Test func mentionsRaiseTheMentionedMembersCountsOnly() {
        var s = ChannelScript(members: [a, b, c])
        let outsider = ID.fast()
        let root = s.post(a, at: t0 + 1, mentions: [b, a, outsider])
        #expect(s.member(b).mentionCount == 1 && s.member(b).mentionCountRoot == 1)
        #expect(s.member(a).mentionCount == 0, "the author is never mentioned by their own post")
        #expect(s.member(c).mentionCount == 0 && s.state.members[outsider] == nil)
        s.post(c, at: t0 + 2, root: root, mentions: [b])
        #expect(s.member(b).mentionCount == 2 && s.member(b).mentionCountRoot == 1, "a reply is not a root mention")
    }

    @Test func viewMarksEverythingRead() {
        var s = ChannelScript(members: [a, b])
        let root = s.post(a, at: t0 + 1, mentions: [b])
        s.post(a, at: t0 + 2, root: root, mentions: [b])
        #expect(s.unread(b) == 2 && s.member(b).mentionCount == 2)
        s.view(b, at: t0 + 50)
        let m = s.member(b)
        #expect(m.msgCount == 2 && m.msgCountRoot == 1 && m.mentionCount == 0 && m.mentionCountRoot == 0)
        #expect(m.urgentMentionCount == 0 && m.lastViewedAt == t0 + 50 && m.lastUpdateAt == t0 + 50)
        #expect(s.unread(b) == 0)
    }

    @Test func newMemberStartsWithEverythingRead() {
        var s = ChannelScript(members: [a])
        let root = s.post(a, at: t0 + 1)
        s.post(a, at: t0 + 2, root: root)
        s.post(a, at: t0 + 3)
        s.join(b, at: t0 + 10)
        let m = s.member(b)
        #expect(m.msgCount == 3 && m.msgCountRoot == 2 && m.mentionCount == 0 && m.lastViewedAt == t0 + 10)
        #expect(s.unread(b) == 0 && !m.schemeAdmin)
    }

    @Test func joiningWithASystemPostCountsItAsReadByTheJoiner() {
        var s = ChannelScript(members: [a])
        s.post(a, at: t0 + 1)
        s.join(b, at: t0 + 10, systemPost: true)
        #expect(s.channel.totalMsgCount == 2 && s.unread(b) == 0 && s.unread(a) == 1)
        #expect(s.state.posts.entries.last!.type == PostType.joinChannel.rawValue)
    }

    @Test func joiningTwiceChangesNothing() {
        var s = ChannelScript(members: [a, b])
        s.post(a, at: t0 + 1)
        let before = s.member(b)
        s.join(b, at: t0 + 20)
        #expect(s.member(b) == before)
    }

    @Test func systemPostStampedBeforeTheNewestPostLandsAfterIt() {
        var s = ChannelScript(members: [a])
        let newest = s.post(a, at: t0 + 100)
        // A team join decided its time on another actor, earlier than the channel's newest post.
        s.join(b, at: t0 + 40, systemPost: true)
        let entries = s.state.posts.entries
        #expect(entries.count == 2 && entries[0].id == newest)
        #expect(entries[1].createAt == t0 + 101 && s.channel.lastPostAt == t0 + 101)
        #expect(entries[1].createAt > entries[0].createAt)
    }

    @Test func leavingPostsFirstThenRemovesTheMember() {
        var s = ChannelScript(members: [a, b])
        let seed = SystemPost.make(.leaveChannel, by: b, at: t0 + 5, message: "left", props: [])
        s.apply(ChannelLeft(channelID: s.channelID, userID: b, at: t0 + 5, systemPost: seed))
        #expect(s.state.members[b] == nil && s.channel.totalMsgCount == 1 && s.unread(a) == 1)
    }

    @Test func editChangesMessageAndTimesAndCountsTheDeadBytes() {
        var s = ChannelScript(members: [a])
        let id = s.post(a, at: t0 + 1, message: "first")
        s.apply(PostEdited(channelID: s.channelID, postID: id, message: "second!", props: Array(#"{"k":"v"}"#.utf8), at: t0 + 9))
        let p = s.post(id)
        #expect(p.message == "second!" && p.editAt == t0 + 9 && p.updateAt == t0 + 9 && p.createAt == t0 + 1)
        #expect(p.props == Array(#"{"k":"v"}"#.utf8) && s.state.posts.garbageBytes == 5)
        #expect(s.channel.totalMsgCount == 1, "an edit is not a new message")
    }

    @Test func deletingARootDeletesItsThread() {
        var s = ChannelScript(members: [a, b])
        let root = s.post(a, at: t0 + 1)
        let r1 = s.post(b, at: t0 + 2, root: root)
        let other = s.post(a, at: t0 + 3)
        let r2 = s.post(b, at: t0 + 4, root: other)
        s.apply(PostDeleted(channelID: s.channelID, postID: r2, at: t0 + 5))
        #expect(s.post(other).replyCount == 0 && s.post(r2).deleteAt == t0 + 5)
        s.apply(PostDeleted(channelID: s.channelID, postID: root, at: t0 + 6))
        #expect(s.post(root).deleteAt == t0 + 6 && s.post(r1).deleteAt == t0 + 6 && s.post(r1).updateAt == t0 + 6)
        #expect(s.post(other).deleteAt == 0)
        #expect(s.channel.totalMsgCount == 4, "Mattermost does not lower the totals on delete")
    }

    @Test func pinsAndReactionsMoveUpdateAt() {
        var s = ChannelScript(members: [a, b])
        let id = s.post(a, at: t0 + 1)
        s.apply(PostPinned(channelID: s.channelID, postID: id, pinned: true, at: t0 + 2))
        #expect(s.post(id).isPinned && s.post(id).updateAt == t0 + 2)
        let smile = Reaction(userID: b, postID: id, emojiName: "smile", createAt: t0 + 3)
        s.apply(ReactionChanged(channelID: s.channelID, reaction: smile, added: true))
        s.apply(ReactionChanged(channelID: s.channelID, reaction: smile, added: true))
        #expect(s.post(id).reactions == [smile] && s.post(id).updateAt == t0 + 3, "one reaction per user and emoji")
        let removal = Reaction(userID: b, postID: id, emojiName: "smile", createAt: t0 + 4)
        s.apply(ReactionChanged(channelID: s.channelID, reaction: removal, added: false))
        #expect(s.post(id).reactions.isEmpty && s.post(id).updateAt == t0 + 4 && s.state.posts.reactions.isEmpty)
        s.apply(PostPinned(channelID: s.channelID, postID: id, pinned: false, at: t0 + 5))
        #expect(!s.post(id).isPinned)
    }

    @Test func recordsForUnknownPostsChangeNothing() {
        var s = ChannelScript(members: [a])
        s.post(a, at: t0 + 1)
        let before = StateDump.Channel(s.state)
        let ghost = ID.fast()
        s.apply(PostEdited(channelID: s.channelID, postID: ghost, message: "x", props: nil, at: t0 + 2))
        s.apply(PostDeleted(channelID: s.channelID, postID: ghost, at: t0 + 2))
        s.apply(PostPinned(channelID: s.channelID, postID: ghost, pinned: true, at: t0 + 2))
        s.apply(ReactionChanged(channelID: s.channelID, reaction: Reaction(userID: a, postID: ghost, emojiName: "x", createAt: 1),
                                added: true))
        #expect(StateDump.Channel(s.state) == before)
    }

    @Test func recordsAtOrBelowTheAppliedLSNAreSkipped() {
        var s = ChannelScript(members: [a])
        let seed = PostSeed(id: ID.fast(), userID: a, createAt: t0 + 1, message: "once")
        s.state.apply(PostCreated(channelID: s.channelID, post: seed), lsn: 10)
        s.state.apply(PostCreated(channelID: s.channelID, post: PostSeed(id: ID.fast(), userID: a, createAt: t0 + 2,
                                                                         message: "old")), lsn: 10)
        #expect(s.state.posts.count == 1 && s.state.appliedLSN == 10 && s.channel.totalMsgCount == 1)
    }

    @Test func postsBeforeTheChannelExistsAreIgnored() {
        var state = ChannelState(id: ID.fast())
        state.apply(PostCreated(channelID: state.id, post: PostSeed(id: ID.fast(), userID: a, createAt: 1, message: "x")), lsn: 1)
        state.addMember(a, admin: false, at: 1)
        #expect(state.posts.count == 0 && state.members.isEmpty && state.appliedLSN == 1)
    }
}
