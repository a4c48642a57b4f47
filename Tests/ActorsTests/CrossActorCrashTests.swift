import Snapshot
import Testing
@testable import Actors

/// An operation that spans actors (create or join a team, leave a team, create a channel, a DM or a GM,
/// deactivate a user) is one record that every actor it names applies, so a crash between its steps cannot leave
/// half of it. Each test holds the journal's fdatasync at FaultyStorage's sync gate, lets the operation append
/// and apply, and crashes a copy of the storage: before the sync (all unsynced bytes lost, none lost, or a seeded
/// subset of sectors) and after it. A fresh runtime recovered from each copy must hold exactly the state before
/// the operation or exactly the state after it, and every cross-actor invariant must hold.
@Suite struct CrossActorCrashTests {
    static let subsetSeeds: [UInt64] = [1, 2, 3, 5, 8, 13]

    /// Runs the operation `prepare` returns with a crash simulated around its record; returns nothing, records issues.
    func crashAround(_ name: String,
                     prepare: (ChatNode) async throws -> @Sendable () async throws -> Void) async throws {
        let storage = FaultyStorage(), clock = ManualChatClock()
        let node = try ChatNode.open(storage: storage, clock: clock)
        defer { node.close() }
        let operation = try await prepare(node)
        clock.advance(millis: 1000)
        let before = await StateDump.take(node.runtime)
        #expect(ChatInvariants.violations(before).isEmpty, "\(name): before")
        let lsn = node.journal.lastLSN
        storage.closeSyncGate()
        let task = Task { try await operation() }
        let held = await eventually { node.journal.lastLSN > lsn && storage.syncsWaitingAtGate >= 1 }
        #expect(held && node.journal.lastLSN == lsn + 1, "\(name) is one record")
        let unsynced = storage.copy()
        let after = await StateDump.take(node.runtime)
        #expect(after != before, "\(name) changed something")
        #expect(ChatInvariants.violations(after).isEmpty, "\(name): live after \(ChatInvariants.violations(after))")
        let modes: [FaultyStorage.CrashMode] = [.dropAll, .keepAll] + Self.subsetSeeds.map { .randomSubset(seed: $0) }
        for mode in modes {
            let recovered = try await recover(unsynced, mode)
            let whole = recovered == before || recovered == after
            #expect(whole, "\(name), crash \(mode) before the sync: \(recovered.differences(from: after))")
            #expect(ChatInvariants.violations(recovered).isEmpty, "\(name), \(mode): \(ChatInvariants.violations(recovered))")
            if mode == .dropAll { #expect(recovered == before, "\(name): nothing synced, nothing kept") }
            if mode == .keepAll { #expect(recovered == after, "\(name): a process crash keeps the written record") }
        }
        storage.openSyncGate()
        try await task.value
        let synced = storage.copy()
        for mode in [FaultyStorage.CrashMode.dropAll] + Self.subsetSeeds.map({ .randomSubset(seed: $0) }) {
            let recovered = try await recover(synced, mode)
            #expect(recovered == after, "\(name), crash \(mode) after the sync: \(recovered.differences(from: after))")
        }
    }

    func recover(_ image: FaultyStorage, _ mode: FaultyStorage.CrashMode) async throws -> StateDump {
        let copy = image.copy()
        copy.crash(mode)
        let node = try ChatNode.open(storage: copy)
        defer { node.close() }
        return await StateDump.take(node.runtime)
    }

    @Test func createTeam() async throws {
        try await crashAround("create team") { n in
            let (owner, _) = try await n.signUp("owner")
            return { _ = try await n.createTeam("core", by: owner) }
        }
    }

    @Test func joinTeam() async throws {
        try await crashAround("join team") { n in
            let (owner, _) = try await n.signUp("owner")
            let (bob, _) = try await n.signUp("bob")
            let team = try await n.createTeam("core", by: owner)
            try await n.post("before bob", in: n.teamState(team).townSquareID, by: owner)
            return { try await n.join(team: team, bob) }
        }
    }

    @Test func joinTeamByInvite() async throws {
        try await crashAround("join team by invite") { n in
            let (owner, _) = try await n.signUp("owner")
            let (bob, _) = try await n.signUp("bob")
            let team = try await n.createTeam("closed", by: owner, open: false)
            let invite = try await n.team(team).team().inviteID
            return { _ = try await n.team(team).join(bob.id, username: "bob", route: .inviteID(invite)) }
        }
    }

    @Test func leaveTeam() async throws {
        try await crashAround("leave team") { n in
            let (owner, _) = try await n.signUp("owner")
            let (bob, _) = try await n.signUp("bob")
            let team = try await n.createTeam("core", by: owner)
            try await n.join(team: team, bob)
            let extra = try await n.team(team).createChannel(name: "extra", displayName: "Extra", kind: .privateChannel,
                                                             purpose: "", header: "", by: n.caller(bob, team: team))
            try await n.post("in extra", in: extra, by: bob)
            let caller = try await n.caller(bob, team: team)
            return { try await n.team(team).leave(bob.id, username: "bob", by: caller) }
        }
    }

    @Test func removedFromTeamByAdmin() async throws {
        try await crashAround("removed from team") { n in
            let (owner, _) = try await n.signUp("owner")
            let (bob, _) = try await n.signUp("bob")
            let team = try await n.createTeam("core", by: owner)
            try await n.join(team: team, bob)
            let admin = try await n.caller(owner, team: team)
            return { try await n.team(team).leave(bob.id, username: "bob", by: admin) }
        }
    }

    @Test func createChannel() async throws {
        try await crashAround("create channel") { n in
            let (owner, _) = try await n.signUp("owner")
            let team = try await n.createTeam("core", by: owner)
            let caller = try await n.caller(owner, team: team)
            return {
                _ = try await n.team(team).createChannel(name: "plans", displayName: "Plans", kind: .open, purpose: "",
                                                         header: "", by: caller)
            }
        }
    }

    @Test func createDirectMessage() async throws {
        try await crashAround("create DM") { n in
            let (alice, caller) = try await n.signUp("alice")
            let (bob, _) = try await n.signUp("bob")
            return { _ = try await n.directory.createDirect(alice.id, bob.id, by: caller) }
        }
    }

    @Test func createGroupMessage() async throws {
        try await crashAround("create GM") { n in
            let (_, caller) = try await n.signUp("alice")
            let (bob, _) = try await n.signUp("bob")
            let (carol, _) = try await n.signUp("carol")
            return { _ = try await n.directory.createGroup([bob.id, carol.id], by: caller) }
        }
    }

    @Test func deactivateUser() async throws {
        try await crashAround("deactivate user") { n in
            let (_, admin) = try await n.signUp("root")
            let (bob, _) = try await n.signUp("bob")
            for _ in 0..<3 { _ = try await n.directory.createSession(for: bob.id, deviceID: "", props: [:]) }
            return { _ = try await n.directory.setActive(bob.id, active: false, by: admin) }
        }
    }
}
