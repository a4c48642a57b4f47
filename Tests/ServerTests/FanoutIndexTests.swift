import Actors
import Testing
@testable import Server

/// The fan-out's membership index as a pure value: joins and leaves move a user's feeds in and out of each
/// channel's per-loop lists, feeds opening and closing follow their user's channels, and audiences resolve to
/// exactly the members of the moment.
@Suite struct FanoutIndexTests {
    final class Feed: FanoutMember {
        let id: String
        let userID: ID
        init(_ n: Int, user: ID) { id = "feed\(n)"; userID = user }
    }

    typealias Index = FanoutIndex<Feed, Int>
    static func id(_ n: UInt64) -> ID { ID(high: 0, low: n) }
    let ann = id(1), bob = id(2), cid = id(3)
    let room = id(100), dm = id(101), team = id(200)

    func heard(_ index: Index, _ audience: ChatEvent.Audience) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for (loop, group) in index.recipients(audience) { out["loop\(loop)"] = Set(group.values.map(\.id)) }
        return out
    }

    @Test func channelAudienceFollowsJoinsLeavesAndFeeds() {
        var index = Index()
        let a1 = Feed(1, user: ann), a2 = Feed(2, user: ann), b1 = Feed(3, user: bob)
        index.add(a1, on: 0)
        index.apply(.channelJoined(room, users: [ann, bob], kind: .open, teamID: team))
        index.add(a2, on: 1)
        index.add(b1, on: 0)
        #expect(heard(index, .channel(room)) == ["loop0": ["feed1", "feed3"], "loop1": ["feed2"]])
        index.apply(.channelLeft(room, user: ann))
        #expect(heard(index, .channel(room)) == ["loop0": ["feed3"]], "a removal takes effect before later events")
        #expect(heard(index, .user(ann)) == ["loop0": ["feed1"], "loop1": ["feed2"]])
        index.remove(b1)
        #expect(heard(index, .channel(room)).isEmpty)
        #expect(index.feedCount == 2 && index.feed(id: "feed3") == nil)
        index.apply(.channelJoined(room, users: [ann], kind: .open, teamID: team))
        #expect(heard(index, .channel(room)) == ["loop0": ["feed1"], "loop1": ["feed2"]])
    }

    @Test func aFeedMovingLoopsIsKeyedUnderTheNewOne() {
        var index = Index()
        let a1 = Feed(1, user: ann)
        index.apply(.channelJoined(room, users: [ann], kind: .open, teamID: nil))
        index.add(a1, on: 0)
        index.add(a1, on: 1)
        #expect(heard(index, .channel(room)) == ["loop1": ["feed1"]])
        #expect(index.feedCount == 1)
    }

    @Test func partnersAreTheUserAndTheirDirectAndGroupMembers() {
        var index = Index()
        index.apply(.channelJoined(dm, users: [ann, bob], kind: .direct, teamID: nil))
        index.apply(.channelJoined(room, users: [ann, cid], kind: .open, teamID: team))
        #expect(index.partners(of: ann) == [ann, bob])
        #expect(index.partners(of: cid) == [cid])
        for (n, user) in [ann, bob, cid].enumerated() { index.add(Feed(n, user: user), on: n % 2) }
        #expect(heard(index, .partners(ann)) == ["loop0": ["feed0"], "loop1": ["feed1"]])
    }

    @Test func teamAndEveryoneAudiences() {
        var index = Index()
        index.apply(.teamJoined(team, user: ann))
        index.apply(.teamJoined(team, user: bob))
        for (n, user) in [ann, bob, cid].enumerated() { index.add(Feed(n, user: user), on: 0) }
        #expect(heard(index, .team(team)) == ["loop0": ["feed0", "feed1"]])
        index.apply(.teamLeft(team, user: bob))
        #expect(heard(index, .team(team)) == ["loop0": ["feed0"]])
        #expect(heard(index, .everyone) == ["loop0": ["feed0", "feed1", "feed2"]])
        #expect(heard(index, .nobody).isEmpty)
    }
}
