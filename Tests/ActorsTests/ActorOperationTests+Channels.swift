import Snapshot
import Testing
@testable import Actors

/// Channels, direct and group messages, posts, reactions, preferences, statuses and role patches.
extension ActorOperationTests {
    /// A team owned by a system admin with two plain members, `bob` and `carol`.
    func teamWithMembers(_ n: ChatNode) async throws -> (team: ID, owner: User, bob: User, carol: User) {
        let (owner, _) = try await n.signUp("owner")
        let (bob, _) = try await n.signUp("bob")
        let (carol, _) = try await n.signUp("carol")
        let team = try await n.createTeam("core", by: owner)
        try await n.join(team: team, bob)
        try await n.join(team: team, carol)
        return (team, owner, bob, carol)
    }

    @Test func channelCreateJoinAddAndRemove() async throws {
        let n = try node()
        defer { n.close() }
        let (team, _, bob, carol) = try await teamWithMembers(n)
        let (dave, _) = try await n.signUp("dave")
        try await n.join(team: team, dave)
        let id = try await n.team(team).createChannel(name: "Plans", displayName: "Plans", kind: .open, purpose: "p",
                                                      header: "h", by: n.caller(bob, team: team))
        let created = await n.channelState(id)
        #expect(created.channel?.name == "plans" && created.members[bob.id]?.schemeAdmin == true)
        #expect(await n.teamState(team).channelsByName["plans"] == id)
        let carolMember = try await n.join(channel: id, carol)
        #expect(!carolMember.schemeAdmin)
        try await n.join(channel: id, dave, by: carol)
        #expect(await n.channelState(id).posts.entries.last?.type == PostType.addToChannel.rawValue)
        let refused = await chatError {
            try await n.channel(id).remove(bob.id, username: "bob", by: n.caller(carol, channel: id), callerName: "carol")
        }
        #expect(refused?.kind == .forbidden, "a plain member cannot remove others")
        try await n.channel(id).remove(carol.id, username: "carol", by: n.caller(bob, channel: id), callerName: "bob")
        try await n.channel(id).remove(dave.id, username: "dave", by: n.caller(dave, channel: id), callerName: "dave")
        let after = await n.channelState(id)
        #expect(Set(after.members.keys) == [bob.id])
        #expect(await n.directoryState().channelsOf[carol.id]?.contains(id) == false)
        let duplicate = await chatError {
            _ = try await n.team(team).createChannel(name: "plans", displayName: "P", kind: .open, purpose: "", header: "",
                                                     by: n.caller(carol, team: team))
        }
        #expect(duplicate?.id == "store.sql_channel.save_channel.exists.app_error")
    }

    @Test func townSquareCannotBeLeft() async throws {
        let n = try node()
        defer { n.close() }
        let (team, owner, bob, _) = try await teamWithMembers(n)
        let town = await n.teamState(team).townSquareID
        let leave = await chatError {
            try await n.channel(town).remove(bob.id, username: "bob", by: n.caller(bob, channel: town), callerName: "bob")
        }
        #expect(leave?.id == "api.channel.remove.default.app_error")
        let kick = await chatError {
            try await n.channel(town).remove(bob.id, username: "bob", by: n.caller(owner, channel: town), callerName: "owner")
        }
        #expect(kick?.id == "api.channel.remove.default.app_error")
        #expect(await n.channelState(town).isMember(bob.id))
    }

    @Test func directMessageIsIdempotentWithMattermostsName() async throws {
        let n = try node()
        defer { n.close() }
        let (alice, aliceCaller) = try await n.signUp("alice")
        let (bob, bobCaller) = try await n.signUp("bob")
        let id = try await n.directory.createDirect(alice.id, bob.id, by: aliceCaller)
        let lsn = n.journal.lastLSN
        #expect(try await n.directory.createDirect(bob.id, alice.id, by: bobCaller) == id)
        #expect(n.journal.lastLSN == lsn, "the second request appends nothing")
        let (x, y) = (alice.id.description, bob.id.description)
        let c = await n.channelState(id)
        #expect(c.channel?.name == (x < y ? "\(x)__\(y)" : "\(y)__\(x)") && c.channel?.displayName == "")
        #expect(c.channel?.kind == .direct && c.channel?.teamID == nil && Set(c.members.keys) == [alice.id, bob.id])
        let selfDM = try await n.directory.createDirect(alice.id, alice.id, by: aliceCaller)
        #expect(await n.channelState(selfDM).channel?.name == "\(x)__\(x)")
        let stranger = await chatError { _ = try await n.directory.createDirect(bob.id, bob.id, by: aliceCaller) }
        #expect(stranger?.kind == .forbidden)
    }

    @Test func groupMessageIsIdempotentWithMattermostsName() async throws {
        let n = try node()
        defer { n.close() }
        let users = try await ["zed", "amy", "kim"].asyncMap { try await n.signUp($0) }
        let ids = users.map(\.user.id)
        let id = try await n.directory.createGroup([ids[1], ids[2]], by: users[0].caller)
        #expect(try await n.directory.createGroup([ids[0], ids[2], ids[1]], by: users[1].caller) == id)
        let sorted = ids.map(\.description).sorted()
        let c = await n.channelState(id)
        #expect(c.channel?.name == DirectoryActor.sha1Hex(sorted.joined()) && c.channel?.name.count == 40)
        #expect(c.channel?.name.allSatisfy { $0.isHexDigit && !$0.isUppercase } == true)
        #expect(c.channel?.displayName == "amy, kim, zed" && c.channel?.kind == .group && c.members.count == 3)
        let small = await chatError { _ = try await n.directory.createGroup([ids[1]], by: users[0].caller) }
        #expect(small?.id == "api.channel.create_group.bad_size.app_error")
    }

    @Test func sha1MatchesTheKnownVector() {
        #expect(DirectoryActor.sha1Hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func postsWithMentionsRaiseTheMentionedCounts() async throws {
        let n = try node()
        defer { n.close() }
        let (team, _, bob, carol) = try await teamWithMembers(n)
        let town = await n.teamState(team).townSquareID
        let before = await n.channelState(town)
        let post = try await n.post("hi @carol and @nobody", in: town, by: bob)
        let after = await n.channelState(town)
        #expect(after.channel!.totalMsgCount == before.channel!.totalMsgCount + 1)
        #expect(after.members[carol.id]!.mentionCount == before.members[carol.id]!.mentionCount + 1)
        #expect(after.members[bob.id]!.msgCount == after.channel!.totalMsgCount)
        #expect(after.posts.mentions[after.posts.slot(of: post.id)!] == [carol.id])
        let reply = try await n.post("thanks", in: town, by: carol, root: post.id)
        let thread = try await n.channel(town).thread(post.id, by: n.caller(bob, channel: town))
        #expect(reply.rootID == post.id && thread.map(\.id) == [reply.id, post.id])
    }

    @Test func repeatedPendingPostIDWithinThirtySecondsReturnsTheFirstPost() async throws {
        let n = try node()
        defer { n.close() }
        let (team, _, bob, _) = try await teamWithMembers(n)
        let town = await n.teamState(team).townSquareID
        let first = try await n.post("once", in: town, by: bob, pending: "bob:1")
        let total = await n.channelState(town).channel!.totalMsgCount
        clock.advance(millis: ChannelActor.pendingWindowMillis - 1)
        let repeated = try await n.post("once", in: town, by: bob, pending: "bob:1")
        #expect(repeated.id == first.id && repeated.pendingPostID == "bob:1")
        #expect(await n.channelState(town).channel!.totalMsgCount == total)
        clock.advance(millis: 1)
        let later = try await n.post("once", in: town, by: bob, pending: "bob:1")
        let newTotal = await n.channelState(town).channel!.totalMsgCount
        #expect(later.id != first.id && newTotal == total + 1)
    }

    @Test func fiftyFirstDistinctReactionIsRefused() async throws {
        let n = try node()
        defer { n.close() }
        let (team, _, bob, carol) = try await teamWithMembers(n)
        let town = await n.teamState(team).townSquareID
        let post = try await n.post("react to me", in: town, by: bob)
        let caller = try await n.caller(carol, channel: town)
        for i in 0..<ChannelActor.reactionsPerPostMax {
            _ = try await n.channel(town).react(post.id, emoji: "e\(i)", added: true, by: caller)
        }
        let refused = await chatError { _ = try await n.channel(town).react(post.id, emoji: "one_more", added: true, by: caller) }
        #expect(refused?.id == "app.reaction.save.save.too_many_reactions")
        let bobCaller = try await n.caller(bob, channel: town)
        _ = try await n.channel(town).react(post.id, emoji: "e0", added: true, by: bobCaller)
        let reactions = try await n.channel(town).post(post.id, by: bobCaller).reactions
        #expect(reactions.count == ChannelActor.reactionsPerPostMax + 1, "an emoji already there is not a new one")
    }

    @Test func preferencesAndStatuses() async throws {
        let n = try node()
        defer { n.close() }
        try await n.signUp("root")
        let (alice, caller) = try await n.signUp("alice")
        let (bob, _) = try await n.signUp("bob")
        let fav = PreferenceKey(category: "favorite_channel", name: "c1")
        let theme = PreferenceKey(category: "theme", name: "")
        try await n.directory.setPreferences(of: alice.id, [(fav, "true"), (theme, "dark")], by: caller)
        try await n.directory.setPreferences(of: alice.id, [(theme, "light")], by: caller)
        #expect(try await n.directory.preferences(of: alice.id).map(\.value) == ["true", "light"])
        #expect(try await n.directory.preferences(of: alice.id, category: "theme").map(\.key) == [theme])
        try await n.directory.deletePreferences(of: alice.id, [fav], by: caller)
        #expect(try await n.directory.preferences(of: alice.id).map(\.key) == [theme])
        let other = await chatError { try await n.directory.setPreferences(of: bob.id, [(fav, "x")], by: caller) }
        #expect(other?.kind == .forbidden)
        let dnd = try await n.directory.setStatus(of: alice.id, "dnd", dndEndTime: 99, by: caller)
        #expect(dnd.manual && dnd.dndEndTime == 99 && dnd.lastActivityAt == clock.nowMillis())
        let online = try await n.directory.setStatus(of: alice.id, "online", dndEndTime: 99, by: caller)
        #expect(!online.manual && online.dndEndTime == 0)
        #expect(try await n.directory.storedStatuses([alice.id, bob.id]) == [alice.id: online])
        let bad = await chatError { _ = try await n.directory.setStatus(of: alice.id, "busy", dndEndTime: 0, by: caller) }
        #expect(bad?.id == "api.status.invalid_status.app_error")
    }

    @Test func rolePatchRemovingAPermissionMakesTheActionFail() async throws {
        let n = try node()
        defer { n.close() }
        let (team, owner, bob, _) = try await teamWithMembers(n)
        let town = await n.teamState(team).townSquareID
        try await n.post("allowed", in: town, by: bob)
        let role = n.runtime.roles.role(named: "channel_user")!
        let admin = try await n.caller(owner, team: nil)
        let without = role.permissions.filter { $0 != Permission.createPost.rawValue }
        let patched = try await n.directory.patchRole(role.id, permissions: without, by: admin)
        #expect(!patched.permissions.contains("create_post"))
        #expect(n.runtime.roles.role(named: "channel_user")?.permissions.contains("create_post") == false)
        let refused = await chatError { try await n.post("refused", in: town, by: bob) }
        #expect(refused?.kind == .forbidden)
        let notAdmin = await chatError { _ = try await n.directory.patchRole(role.id, permissions: role.permissions,
                                                                              by: n.caller(bob, team: nil)) }
        #expect(notAdmin?.kind == .forbidden)
        _ = try await n.directory.patchRole(role.id, permissions: role.permissions, by: admin)
        try await n.post("allowed again", in: town, by: bob)
    }
}

extension Array {
    /// `map` for an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
