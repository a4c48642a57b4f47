import Snapshot
import Synchronization
import Testing
@testable import Actors

/// The events actors leave in the outbox: built after each record's apply, in each actor's LSN order, handed out
/// only once durable, and refused (nothing appended) when the outbox is full.
@Suite struct EventOutboxTests {
    let clock = ManualChatClock()

    func node() throws -> ChatNode { try ChatNode.open(storage: FaultyStorage(), clock: clock) }

    func taken(_ n: ChatNode) async throws -> [ChatEvent] {
        try await n.journal.flush()
        var out: [ChatEvent] = []
        n.runtime.outbox.take(into: &out)
        return out
    }

    @Test func nothingIsQueuedUntilAFanOutAttaches() async throws {
        let n = try node()
        defer { n.close() }
        let (alice, _) = try await n.signUp("alice")
        _ = try await n.createTeam("crew", by: alice)
        #expect(n.runtime.outbox.count == 0)
    }

    @Test func eventsFollowTheRecordsWithMembershipBeforeTheEventsThatNeedIt() async throws {
        let n = try node()
        defer { n.close() }
        let wakes = Counter()
        n.runtime.outbox.attach { wakes.add() }
        let (alice, _) = try await n.signUp("alice")
        let (bob, _) = try await n.signUp("bob")
        let team = try await n.createTeam("crew", by: alice)
        _ = try await n.join(team: team, bob)
        let town = await n.teamState(team).townSquareID
        let post = try await n.post("hello @bob", in: town, by: alice)
        let events = try await taken(n)
        #expect(wakes.value > 0)
        let names = events.map(\.name)
        #expect(names.prefix(2) == [.newUser, .newUser])
        // The creator's team and default channels, then bob's join: added_to_team, user_added ×2, its post.
        let joined = try #require(names.firstIndex(of: .addedToTeam))
        #expect(events[joined].membership.contains(.teamJoined(team, user: alice.id)))
        let bobAdded = events.filter { $0.name == .userAdded }
        #expect(bobAdded.count == 2 && bobAdded.allSatisfy { $0.membership.contains { m in
            if case let .channelJoined(_, users, _, _) = m { return users == [bob.id] } else { return false } } })
        guard case let .posted(p, facts)? = events.last?.body else {
            Issue.record("the last event is not posted: \(names)")
            return
        }
        #expect(p.id == post.id && facts.mentions == [bob.id] && facts.senderName == "@alice" && facts.channelKind == .open)
        #expect(events.last?.audience == .channel(town))
        #expect(n.runtime.outbox.count == 0, "taken events leave the outbox")
    }

    @Test func eachChannelsEventsComeInItsLSNOrder() async throws {
        let n = try node()
        defer { n.close() }
        n.runtime.outbox.attach {}
        let (alice, _) = try await n.signUp("alice")
        let team = try await n.createTeam("crew", by: alice)
        let town = await n.teamState(team).townSquareID
        let sent = try await withThrowingTaskGroup(of: Post.self) { group in
            for i in 0..<50 { group.addTask { try await n.post("m\(i)", in: town, by: alice) } }
            var all: [Post] = []
            for try await p in group { all.append(p) }
            return all
        }
        let posted = try await taken(n).compactMap { e -> Post? in
            if case let .posted(p, _) = e.body { return p } else { return nil }
        }
        #expect(posted.count == 50)
        #expect(posted.map(\.createAt) == posted.map(\.createAt).sorted(), "events in the channel's apply order")
        #expect(Set(posted.map(\.id)) == Set(sent.map(\.id)))
    }

    @Test func aFullOutboxRefusesTheMutationBeforeAppending() async throws {
        let n = try node()
        defer { n.close() }
        n.runtime.outbox.attach {}
        let (alice, _) = try await n.signUp("alice")
        let team = try await n.createTeam("crew", by: alice)
        let town = await n.teamState(team).townSquareID
        n.runtime.outbox.capacity = n.runtime.outbox.count
        let before = n.journal.lastLSN
        let refused = await chatError { _ = try await n.post("one too many", in: town, by: alice) }
        #expect(refused?.id == "parley.events.overloaded" && refused?.kind == .unavailable)
        #expect(n.journal.lastLSN == before, "nothing appended")
        _ = try await taken(n)
        _ = try await n.post("room again", in: town, by: alice)
    }
}

/// Counts the outbox's wake-ups.
final class Counter: Sendable {
    private let n = Atomic<Int>(0)
    func add() { n.add(1, ordering: .relaxed) }
    var value: Int { n.load(ordering: .relaxed) }
}
