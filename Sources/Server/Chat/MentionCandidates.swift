import Actors

/// The channel's members as the mention parser needs them: names, notify props and whether they are online now
/// (for @here, read from the presence table at post time).
enum MentionCandidates {
    static func of(_ actor: ChannelActor, channel: Channel, _ chat: ChatContext) async throws -> [MentionCandidate] {
        let ids = try await actor.memberIDs()
        let users = try await chat.directory.users(ids)
        let presence = chat.runtime.presence
        return users.map { u in
            MentionCandidate(userID: u.id, username: u.username, firstName: u.firstName, notifyProps: u.notifyProps,
                             isOnline: presence.isOnline(u.id))
        }
    }
}
