import Snapshot
import Testing
@testable import Actors

/// `PostStore.page` as `GET /channels/{id}/posts` defines it: newest first, live posts only except for `since`,
/// and the thread roots of replies on the page in `extra`.
extension ChannelStateTests {
    /// Ten root posts at t0+1 … t0+10; returns the script and the ids oldest first.
    func tenPosts() -> (ChannelScript, [ID]) {
        var s = ChannelScript(members: [a, b])
        let ids = (1...10).map { s.post(a, at: t0 + Int64($0), message: "m\($0)") }
        return (s, ids)
    }

    func page(_ s: ChannelScript, _ p: PostPage) -> PostPageResult { s.state.posts.page(p, channelID: s.channelID) }

    @Test func latestPagesAreNewestFirst() {
        let (s, ids) = tenPosts()
        let first = page(s, .latest(page: 0, perPage: 3))
        #expect(first.order.map(\.id) == [ids[9], ids[8], ids[7]])
        #expect(first.prevPostID == ids[6].description && !first.hasNext && first.extra.isEmpty)
        let last = page(s, .latest(page: 3, perPage: 3))
        #expect(last.order.map(\.id) == [ids[0]] && last.prevPostID == "")
        #expect(page(s, .latest(page: 4, perPage: 3)).order.isEmpty)
    }

    @Test func latestSkipsDeletedPosts() {
        var (s, ids) = tenPosts()
        s.apply(PostDeleted(channelID: s.channelID, postID: ids[9], at: t0 + 20))
        s.apply(PostDeleted(channelID: s.channelID, postID: ids[7], at: t0 + 21))
        #expect(page(s, .latest(page: 0, perPage: 3)).order.map(\.id) == [ids[8], ids[6], ids[5]])
    }

    @Test func beforeAndAfterAnAnchor() {
        let (s, ids) = tenPosts()
        let before = page(s, .before(ids[5], page: 0, perPage: 2))
        #expect(before.order.map(\.id) == [ids[4], ids[3]] && before.nextPostID == ids[5].description)
        #expect(page(s, .before(ids[5], page: 1, perPage: 2)).order.map(\.id) == [ids[2], ids[1]])
        let after = page(s, .after(ids[5], page: 0, perPage: 2))
        #expect(after.order.map(\.id) == [ids[7], ids[6]] && after.hasNext && after.prevPostID == ids[5].description)
        let tail = page(s, .after(ids[5], page: 1, perPage: 2))
        #expect(tail.order.map(\.id) == [ids[9], ids[8]] && !tail.hasNext)
        #expect(page(s, .before(ID.fast(), page: 0, perPage: 2)).order.isEmpty, "an unknown anchor gives an empty page")
    }

    @Test func sinceIncludesDeletedAndEditedPosts() {
        var (s, ids) = tenPosts()
        s.apply(PostEdited(channelID: s.channelID, postID: ids[1], message: "edited", props: nil, at: t0 + 30))
        s.apply(PostDeleted(channelID: s.channelID, postID: ids[2], at: t0 + 31))
        let result = page(s, .since(t0 + 8))
        #expect(result.order.map(\.id) == [ids[9], ids[8], ids[2], ids[1]])
        #expect(result.order.first { $0.id == ids[2] }!.deleteAt == t0 + 31)
        #expect(result.order.first { $0.id == ids[1] }!.message == "edited")
        #expect(page(s, .since(t0 + 40)).order.isEmpty)
    }

    @Test func sinceSeesReactionsAndPins() {
        var (s, ids) = tenPosts()
        s.apply(ReactionChanged(channelID: s.channelID, reaction: Reaction(userID: b, postID: ids[0], emojiName: "+1",
                                                                            createAt: t0 + 50), added: true))
        s.apply(PostPinned(channelID: s.channelID, postID: ids[3], pinned: true, at: t0 + 51))
        #expect(page(s, .since(t0 + 20)).order.map(\.id) == [ids[3], ids[0]])
    }

    @Test func threadRootsOfRepliesOnThePageAreExtra() {
        var s = ChannelScript(members: [a, b])
        let root = s.post(a, at: t0 + 1)
        let onPageRoot = s.post(a, at: t0 + 2)
        s.post(a, at: t0 + 3)
        let r1 = s.post(b, at: t0 + 4, root: root)
        let r2 = s.post(b, at: t0 + 5, root: onPageRoot)
        let r3 = s.post(b, at: t0 + 6, root: root)
        let result = page(s, .latest(page: 0, perPage: 3))
        #expect(result.order.map(\.id) == [r3, r2, r1])
        #expect(result.extra.map(\.id) == [root, onPageRoot], "each root once, in order of first reply seen")
        #expect(result.order[0].rootID == root && result.order[0].replyCount == 2)
        let wide = page(s, .latest(page: 0, perPage: 5))
        #expect(wide.extra.map(\.id) == [root], "a root already on the page is not repeated")
    }
}
