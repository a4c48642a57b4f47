import Testing

@testable import ParleyLoad

@Suite struct SimUserTests {
    static let channels = ["c" + String(repeating: "a", count: 25), "c" + String(repeating: "b", count: 25),
                           "c" + String(repeating: "c", count: 25)]
    static let users = ["u" + String(repeating: "0", count: 25), "u" + String(repeating: "1", count: 25)]
    static let post1 = "p" + String(repeating: "1", count: 25)
    static let post2 = "p" + String(repeating: "2", count: 25)

    func context(seed: UInt64 = 1) -> SimContext {
        SimContext(workload: MattermostWorkload(speedup: 1, random: SplitMix64(state: seed)), channelIDs: Self.channels,
                   userIDs: Self.users, directTargets: [0, 1])
    }

    func respond(_ user: inout SimUser, _ body: String, ok: Bool = true, _ context: inout SimContext) -> SimUser.Step {
        Array(body.utf8).withUnsafeBytes { user.responded(ok: ok, body: $0, context: &context) }
    }

    func request(_ step: SimUser.Step) -> SimUser.Request? {
        if case .request(let r) = step { return r }
        return nil
    }

    @Test func switchLoadsPostsThenViewsWithThePreviousChannel() {
        var ctx = context()
        var user = SimUser(member: 0, channels: [0, 2])
        let first = request(user.begin(.switchChannel, context: &ctx))!
        #expect(first.method == "GET" && first.kind == .channelPosts && first.path.hasSuffix("/posts?page=0&per_page=60"))
        let page = #"{"order":["\#(Self.post2)","\#(Self.post1)"],"posts":{}}"#
        let view = request(respond(&user, page, &ctx))!
        #expect(view.kind == .viewChannel && view.path == "/api/v4/channels/members/me/view")
        #expect(String(decoding: view.body, as: UTF8.self).hasSuffix(#""prev_channel_id":""}"#))
        #expect(respond(&user, #"{"status":"OK"}"#, &ctx) == .done)
        #expect(user.oldestSeen == Self.post1)
        let current = user.current!
        // The next switch goes to the other channel and names this one as the previous.
        _ = user.begin(.switchChannel, context: &ctx)
        let next = request(respond(&user, #"{"order":[],"posts":{}}"#, &ctx))!
        #expect(String(decoding: next.body, as: UTF8.self).contains(#""prev_channel_id":"\#(Self.channels[current])""#))
        #expect(user.current != current && user.oldestSeen == nil)
    }

    @Test func scrollContinuesBeforeTheOldestPostSeen() {
        var ctx = context()
        var user = SimUser(member: 0, channels: [1])
        _ = user.begin(.switchChannel, context: &ctx)
        _ = respond(&user, #"{"order":["\#(Self.post2)"]}"#, &ctx)
        _ = respond(&user, "{}", &ctx)
        let scroll = request(user.begin(.scroll, context: &ctx))!
        #expect(scroll.kind == .scrollPosts && scroll.path == "/api/v4/channels/\(Self.channels[1])/posts?before=\(Self.post2)&per_page=30")
        #expect(respond(&user, #"{"order":["\#(Self.post1)"]}"#, &ctx) == .done)
        #expect(user.oldestSeen == Self.post1)
    }

    @Test func rootPostsAreRememberedAndRepliedTo() {
        var ctx = context()
        var user = SimUser(member: 0, channels: [2])
        // Draw until a root post (no roots known yet, so every post is a root).
        let post = request(user.begin(.post, context: &ctx))!
        #expect(post.kind == .createPost && !String(decoding: post.body, as: UTF8.self).contains("root_id"))
        #expect(respond(&user, #"{"id":"\#(Self.post1)","create_at":1}"#, &ctx) == .done)
        #expect(ctx.roots[2] == [Self.post1])
        var replies = 0
        for _ in 0..<200 {
            let r = request(user.begin(.post, context: &ctx))!
            if r.kind == .createReply {
                replies += 1
                #expect(String(decoding: r.body, as: UTF8.self).contains(#""root_id":"\#(Self.post1)""#))
                _ = respond(&user, #"{"id":"\#(Self.post2)"}"#, &ctx)
            } else {
                _ = respond(&user, "{}", ok: false, &ctx)
            }
        }
        #expect(replies > 15 && replies < 60, "18 % of 200, seed 1")
        #expect(ctx.roots[2] == [Self.post1], "replies are never roots")
    }

    @Test func directMessageOpensAndViewsTheDMAndLaterPostsGoThere() {
        var ctx = context()
        var user = SimUser(member: 1, channels: [0])
        let open = request(user.begin(.directMessage, context: &ctx))!
        #expect(open.path == "/api/v4/channels/direct" && String(decoding: open.body, as: UTF8.self) == #"["\#(Self.users[1])","\#(Self.users[0])"]"#)
        let dm = "d" + String(repeating: "m", count: 25)
        let page = request(respond(&user, #"{"id":"\#(dm)","type":"D"}"#, &ctx))!
        #expect(page.kind == .channelPosts && page.path == "/api/v4/channels/\(dm)/posts?page=0&per_page=60")
        let view = request(respond(&user, #"{"order":[],"posts":{}}"#, &ctx))!
        #expect(view.kind == .viewChannel && String(decoding: view.body, as: UTF8.self).contains(#""channel_id":"\#(dm)""#))
        #expect(respond(&user, "{}", &ctx) == .done && user.direct == dm)
        let post = request(user.begin(.post, context: &ctx))!
        #expect(post.kind == .directPost && String(decoding: post.body, as: UTF8.self).contains(#""channel_id":"\#(dm)""#))
        #expect(respond(&user, #"{"id":"\#(Self.post1)"}"#, &ctx) == .done)
        #expect(ctx.roots.allSatisfy { $0.isEmpty }, "DM posts are not channel roots")
        // Switching to a channel leaves the DM, naming it as the previous channel.
        _ = user.begin(.switchChannel, context: &ctx)
        let back = request(respond(&user, #"{"order":[],"posts":{}}"#, &ctx))!
        #expect(String(decoding: back.body, as: UTF8.self).contains(#""prev_channel_id":"\#(dm)""#))
        #expect(user.direct == nil && user.current == 0)
    }

    @Test func reactionsAndThreadsGoToTheNewestPostInView() {
        var ctx = context()
        var user = SimUser(member: 0, channels: [1])
        #expect(user.begin(.react, context: &ctx) == .done, "nothing seen yet")
        _ = user.begin(.switchChannel, context: &ctx)
        _ = respond(&user, #"{"order":["\#(Self.post2)","\#(Self.post1)"],"posts":{}}"#, &ctx)
        _ = respond(&user, "{}", &ctx)
        #expect(user.newestSeen == Self.post2 && user.oldestSeen == Self.post1)
        let react = request(user.begin(.react, context: &ctx))!
        let body = String(decoding: react.body, as: UTF8.self)
        #expect(react.kind == .addReaction && react.path == "/api/v4/reactions")
        #expect(body.contains(#""user_id":"\#(Self.users[0])","post_id":"\#(Self.post2)","emoji_name":""#))
        #expect(respond(&user, "{}", &ctx) == .done)
        let thread = request(user.begin(.viewThread, context: &ctx))!
        #expect(thread.kind == .threadPosts && thread.path == "/api/v4/posts/\(Self.post2)/thread", "no root known: the newest post")
        #expect(respond(&user, "{}", &ctx) == .done)
        ctx.rememberRoot(Self.post1, channel: 1)
        #expect(request(user.begin(.viewThread, context: &ctx))?.path == "/api/v4/posts/\(Self.post1)/thread")
        _ = respond(&user, "{}", &ctx)
        #expect(request(user.begin(.openPermalink, context: &ctx))?.path == "/api/v4/posts/\(Self.post1)")
    }

    @Test func editAndDeleteGoToTheOwnLastPostAndDeleteForgetsIt() {
        var ctx = context()
        var user = SimUser(member: 0, channels: [2])
        #expect(user.begin(.editPost, context: &ctx) == .done && user.begin(.deletePost, context: &ctx) == .done)
        while request(user.begin(.post, context: &ctx))?.kind != .createPost { _ = respond(&user, "{}", ok: false, &ctx) }
        _ = respond(&user, #"{"id":"\#(Self.post1)"}"#, &ctx)
        #expect(ctx.roots[2] == [Self.post1])
        let edit = request(user.begin(.editPost, context: &ctx))!
        #expect(edit.method == "PUT" && edit.path == "/api/v4/posts/\(Self.post1)/patch" && edit.kind == .editPost)
        #expect(String(decoding: edit.body, as: UTF8.self).hasPrefix(#"{"message":""#))
        _ = respond(&user, "{}", &ctx)
        let delete = request(user.begin(.deletePost, context: &ctx))!
        #expect(delete.method == "DELETE" && delete.path == "/api/v4/posts/\(Self.post1)" && delete.kind == .deletePost)
        #expect(respond(&user, #"{"status":"OK"}"#, &ctx) == .done)
        #expect(ctx.roots[2].isEmpty && user.ownLast == nil && user.newestSeen == nil)
        #expect(user.begin(.openPermalink, context: &ctx) == .done, "the deleted root is no link target")
    }

    @Test func failuresEndTheActionAndOtherActionsAreOneCall() {
        var ctx = context()
        var user = SimUser(member: 0, channels: [0])
        _ = user.begin(.switchChannel, context: &ctx)
        #expect(respond(&user, "{}", ok: false, &ctx) == .done)
        #expect(request(user.begin(.unreadCheck, context: &ctx))?.path == "/api/v4/users/me/teams/unread")
        #expect(respond(&user, "[]", &ctx) == .done)
        #expect(user.begin(.reconnect, context: &ctx) == .reconnect)
        var lonely = SimUser(member: 0, channels: [])
        #expect(lonely.begin(.post, context: &ctx) == .done)
    }

    @Test func responseIDs() {
        let page = #"{"order":["\#(Self.post2)","\#(Self.post1)"],"posts":{"x":{"message":"\"order\":[\"zzz\"]"}}}"#
        Array(page.utf8).withUnsafeBytes { #expect(ResponseIDs.oldestInOrder($0) == Self.post1) }
        Array(#"{"order":[],"posts":{}}"#.utf8).withUnsafeBytes { #expect(ResponseIDs.oldestInOrder($0) == nil) }
        Array(#"{"id":"\#(Self.post1)","x":1}"#.utf8).withUnsafeBytes { #expect(ResponseIDs.firstID($0) == Self.post1) }
        Array(#"{"id":"SHORT"}"#.utf8).withUnsafeBytes { #expect(ResponseIDs.firstID($0) == nil) }
        Array(page.utf8).withUnsafeBytes { #expect(ResponseIDs.newestInOrder($0) == Self.post2) }
        Array(#"{"order":[],"posts":{}}"#.utf8).withUnsafeBytes { #expect(ResponseIDs.newestInOrder($0) == nil) }
    }
}

@Suite struct MixPlanTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func planHasTheShapesSizesAndRepeats(seed: UInt64) {
        var shape = MixShape(users: 600, teams: 3)
        shape.seed = seed
        var a = SplitMix64(state: seed), b = SplitMix64(state: seed)
        let plan = MixPlan(shape, random: &a)
        #expect(plan == MixPlan(shape, random: &b), "seed \(seed)")
        #expect(Set(plan.teams.flatMap { $0 }).count == 600, "everyone is in a team, seed \(seed)")
        for c in plan.channels {
            #expect(Set(c.members).count == c.members.count, "no member twice, seed \(seed)")
            switch c.kind {
            case .direct: #expect(c.members.count == 2 && c.team == nil)
            case .group: #expect((3...6).contains(c.members.count) && c.team == nil)
            case .open, .privateGroup:
                let team = Set(plan.teams[c.team!])
                #expect(c.members.allSatisfy(team.contains), "team channels hold team members, seed \(seed)")
                if c.name!.hasPrefix("mix-"), !c.name!.contains("large") { #expect((3...60).contains(c.members.count)) }
            }
        }
        let small = plan.channels.filter { $0.name.map { $0.hasPrefix("mix-") && !$0.contains("large") } ?? false }
        let memberships = small.reduce(0) { $0 + $1.members.count }
        #expect(Double(memberships) >= 6 * Double(plan.teams.reduce(0) { $0 + $1.count }))
        #expect(small.contains { $0.kind == .privateGroup } && small.contains { $0.kind == .open })
        #expect(plan.channels.filter { $0.kind == .direct }.count == 600)
        #expect(plan.memberships.allSatisfy { $0.count >= 2 }, "town-square and off-topic at least")
        let sizes = small.map(\.members.count)
        #expect(sizes.filter { $0 <= 6 }.count > sizes.count / 2, "most small channels are small, seed \(seed)")
    }
}
