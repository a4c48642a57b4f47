import Snapshot
import Testing
@testable import Actors

/// The chat operations through a real runtime: a durability engine on FaultyStorage (durable policy, nothing
/// faulted) and a manual clock. Each test opens its own node on its own storage.
@Suite struct ActorOperationTests {
    let clock = ManualChatClock()

    func node(_ settings: ChatSettings = ChatSettings()) throws -> ChatNode {
        try ChatNode.open(storage: FaultyStorage(), clock: clock, settings: settings)
    }

    // MARK: Accounts and sessions

    @Test func firstUserIsSystemAdminAndLaterOnesAreNot() async throws {
        let n = try node()
        defer { n.close() }
        let (first, _) = try await n.signUp("alice")
        let (second, _) = try await n.signUp("bob")
        #expect(first.roles == "system_admin system_user" && first.isSystemAdmin)
        #expect(second.roles == "system_user" && !second.isSystemAdmin)
        #expect(first.createAt == ManualChatClock.startMillis && first.locale == "en")
    }

    @Test func duplicateUsernameOrEmailIsRefused() async throws {
        let n = try node()
        defer { n.close() }
        try await n.signUp("alice")
        let before = n.journal.lastLSN
        let sameName = await chatError {
            _ = try await n.directory.createUser(UserDraft(username: "Alice", email: "other@example.com", passwordPHC: "x"),
                                                 invited: false, by: nil)
        }
        #expect(sameName?.id == "app.user.save.username_exists.app_error")
        let sameEmail = await chatError {
            _ = try await n.directory.createUser(UserDraft(username: "other", email: "ALICE@example.com", passwordPHC: "x"),
                                                 invited: false, by: nil)
        }
        #expect(sameEmail?.id == "app.user.save.email_exists.app_error")
        #expect(n.journal.lastLSN == before, "a refused sign-up appends nothing")
    }

    @Test func closedServerRefusesSignUpUnlessInvitedOrByAnAdmin() async throws {
        var settings = ChatSettings()
        settings.enableOpenServer = false
        let n = try node(settings)
        defer { n.close() }
        let (admin, adminCaller) = try await n.signUp("root")
        #expect(admin.isSystemAdmin, "the first account may always sign up")
        let refused = await chatError { try await n.signUp("walkin") }
        #expect(refused?.id == "api.user.create_user.no_open_server" && refused?.kind == .forbidden)
        try await n.signUp("guest", invited: true)
        try await n.signUp("hired", by: adminCaller)
        #expect(await n.directory.userCount == 3)
    }

    @Test func sessionsAuthenticateUntilRevokedOrExpired() async throws {
        let n = try node()
        defer { n.close() }
        let (user, _) = try await n.signUp("alice")
        let (s1, _) = try await n.directory.createSession(for: user.id, deviceID: "", props: [:])
        let (s2, _) = try await n.directory.createSession(for: user.id, deviceID: "phone", props: [:])
        #expect(s1.token != s2.token && s1.csrfToken != s2.csrfToken)
        #expect(try await n.directory.authenticate(token: s1.token)?.0 == s1)
        #expect(try await n.directory.authenticate(token: "nonsense") == nil)
        try await n.directory.revokeSessions(of: user.id, tokens: [s1.token])
        #expect(try await n.directory.authenticate(token: s1.token) == nil)
        #expect(try await n.directory.authenticate(token: s2.token) != nil)
        clock.advance(millis: ChatSettings().sessionLengthMillis)
        #expect(try await n.directory.authenticate(token: s2.token) == nil, "expired at expires_at")
    }

    @Test func deactivationRevokesEverySessionInOneRecord() async throws {
        let n = try node()
        defer { n.close() }
        let (_, admin) = try await n.signUp("root")
        let (user, _) = try await n.signUp("alice")
        var tokens: [String] = []
        for _ in 0..<3 { tokens.append(try await n.directory.createSession(for: user.id, deviceID: "", props: [:]).0.token) }
        let before = n.journal.lastLSN
        let deactivated = try await n.directory.setActive(user.id, active: false, by: admin)
        #expect(n.journal.lastLSN == before + 1 && !deactivated.isActive)
        for token in tokens { #expect(try await n.directory.authenticate(token: token) == nil) }
        #expect(try await n.directory.sessions(of: user.id).isEmpty)
        let login = await chatError { _ = try await n.directory.createSession(for: user.id, deviceID: "", props: [:]) }
        #expect(login == DirectoryActor.invalidCredentials)
        let reactivated = try await n.directory.setActive(user.id, active: true, by: admin)
        let sessions = try await n.directory.sessions(of: user.id)
        #expect(reactivated.isActive && sessions.isEmpty)
    }

    // MARK: Teams

    @Test func createdTeamHasItsDefaultChannelsAndTheCreatorInAll() async throws {
        let n = try node()
        defer { n.close() }
        let (user, _) = try await n.signUp("alice")
        let before = n.journal.lastLSN
        let teamID = try await n.createTeam("core", by: user)
        #expect(n.journal.lastLSN == before + 1, "team, channels and memberships are one record")
        let t = await n.teamState(teamID)
        #expect(t.team?.name == "core" && t.members[user.id]?.schemeAdmin == true)
        #expect(t.members[user.id]?.roles == "team_user team_admin")
        for (name, id) in [(Channel.townSquare, t.townSquareID), (Channel.offTopic, t.offTopicID)] {
            let c = await n.channelState(id)
            #expect(c.channel?.name == name && c.channel?.teamID == teamID && c.channel?.kind == .open)
            #expect(c.isMember(user.id) && t.channelsByName[name] == id)
        }
        let d = await n.directoryState()
        #expect(d.teamByName["core"] == teamID && d.teamsOf[user.id] == [teamID])
        #expect(d.channelsOf[user.id] == [t.townSquareID, t.offTopicID])
        let again = await chatError { _ = try await n.createTeam("core", by: user) }
        #expect(again?.id == "store.sql_team.save_team.existing.app_error")
    }

    @Test func joinByInviteIDAndByOpenTeam() async throws {
        let n = try node()
        defer { n.close() }
        let (owner, _) = try await n.signUp("owner")
        let (bob, _) = try await n.signUp("bob")
        let (carol, _) = try await n.signUp("carol")
        let closed = try await n.createTeam("closed", by: owner, open: false)
        let invite = try await n.team(closed).team().inviteID
        let refused = await chatError { _ = try await n.join(team: closed, bob) }
        #expect(refused?.id == "api.team.add_user_to_team.invite_only.app_error")
        let wrong = await chatError { _ = try await n.team(closed).join(bob.id, username: "bob", route: .inviteID(ID.fast())) }
        #expect(wrong?.id == "app.team.invite_id.group_constrained.error")
        let member = try await n.team(closed).join(bob.id, username: "bob", route: .inviteID(invite))
        #expect(!member.schemeAdmin && member.deleteAt == 0)
        let open = try await n.createTeam("open", by: owner)
        try await n.join(team: open, carol)
        for (team, user) in [(closed, bob), (open, carol)] {
            let t = await n.teamState(team)
            for id in [t.townSquareID, t.offTopicID] { #expect(await n.channelState(id).isMember(user.id)) }
            let town = await n.channelState(t.townSquareID)
            #expect(town.posts.entries.last?.type == PostType.joinTeam.rawValue)
            #expect(town.members[user.id]?.msgCount == town.channel?.totalMsgCount, "the joiner has read their own join")
        }
        let lsn = n.journal.lastLSN
        try await n.join(team: open, carol)
        #expect(n.journal.lastLSN == lsn, "joining again appends nothing")
    }

    @Test func leavingATeamLeavesEveryChannelOfIt() async throws {
        let n = try node()
        defer { n.close() }
        let (owner, _) = try await n.signUp("owner")
        let (bob, _) = try await n.signUp("bob")
        let teamID = try await n.createTeam("core", by: owner)
        try await n.join(team: teamID, bob)
        let extra = try await n.team(teamID).createChannel(name: "extra", displayName: "Extra", kind: .open, purpose: "",
                                                           header: "", by: n.caller(owner, team: teamID))
        try await n.join(channel: extra, bob)
        let t = await n.teamState(teamID)
        let before = n.journal.lastLSN
        try await n.team(teamID).leave(bob.id, username: "bob", by: n.caller(bob, team: teamID))
        #expect(n.journal.lastLSN == before + 1)
        for id in [t.townSquareID, t.offTopicID, extra] { #expect(await !n.channelState(id).isMember(bob.id)) }
        #expect(await n.teamState(teamID).activeMember(bob.id) == nil)
        let d = await n.directoryState()
        #expect((d.teamsOf[bob.id] ?? []).isEmpty && (d.channelsOf[bob.id] ?? []).isEmpty)
        #expect(await n.channelState(t.townSquareID).posts.entries.last?.type == PostType.leaveTeam.rawValue)
    }
}
