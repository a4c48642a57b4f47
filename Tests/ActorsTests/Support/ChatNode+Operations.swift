import Snapshot
@testable import Actors

/// Short forms of the operations tests repeat, each going through the real actors as a route handler would.
extension ChatNode {
    static let passwordPHC = "$test$not-a-real-hash"

    /// Signs up `name` (the e-mail is derived from it) and returns the user with the caller their session gives.
    @discardableResult
    func signUp(_ name: String, invited: Bool = false, by caller: Caller? = nil) async throws -> (user: User, caller: Caller) {
        let user = try await directory.createUser(
            UserDraft(username: name, email: "\(name)@example.com", passwordPHC: Self.passwordPHC), invited: invited,
            by: caller)
        return (user, Caller(userID: user.id, systemRoles: user.roleList))
    }

    /// The caller as a route would build it for a resource of `team` (nil team roles when not a member).
    func caller(_ user: User, team: ID?) async throws -> Caller {
        let fresh = try await directory.user(user.id)
        var caller = Caller(userID: fresh.id, systemRoles: fresh.roleList)
        if let team, let actor = runtime.team(team) { caller.teamRoles = try await actor.roles(of: fresh.id) }
        return caller
    }

    /// The caller for a channel's resources: team roles filled for team channels.
    func caller(_ user: User, channel: ID) async throws -> Caller {
        let c = try await runtime.channel(channel)!.channelUnchecked()
        return try await caller(user, team: c?.teamID)
    }

    func createTeam(_ name: String, by user: User, open: Bool = true) async throws -> ID {
        try await directory.createTeam(name: name, displayName: name.uppercased(), open: open, description: "",
                                       by: caller(user, team: nil))
    }

    func team(_ id: ID) -> TeamActor { runtime.team(id)! }
    func channel(_ id: ID) -> ChannelActor { runtime.channel(id)! }

    /// The user joins an open team by themself.
    @discardableResult
    func join(team: ID, _ user: User) async throws -> TeamMember {
        try await self.team(team).join(user.id, username: user.username, route: .openTeam)
    }

    /// The user joins (or, with `by`, is added to) a channel.
    @discardableResult
    func join(channel: ID, _ user: User, by adder: User? = nil) async throws -> ChannelMember {
        let actor = self.channel(channel)
        let who = adder ?? user
        // Server answers "is the user in the channel's team" from the team actor; so does this helper.
        let inTeam = try await caller(user, channel: channel).teamRoles != nil
        return try await actor.add(user.id, username: user.username, userInTeam: inTeam,
                                   by: caller(who, channel: channel), callerName: who.username)
    }

    /// Posts `message`; the channel actor takes its members as mention candidates.
    @discardableResult
    func post(_ message: String, in channel: ID, by user: User, root: ID? = nil, pending: String = "") async throws -> Post {
        var draft = PostDraft(message: message, rootID: root)
        draft.pendingPostID = pending
        let actor = self.channel(channel)
        return try await actor.createPost(draft, by: caller(user, channel: channel)).post
    }

    /// The channel state as the actor holds it now.
    func channelState(_ id: ID) async -> ChannelState { await channel(id).capture().0 }
    func teamState(_ id: ID) async -> TeamState { await team(id).capture().0 }
    func directoryState() async -> DirectoryState { await directory.capture().0 }
}
