import Actors

/// The channel's members as the mention parser needs them: names, notify props and whether they are online now
/// (for @here; presence comes from manual statuses until live connections feed it).
enum MentionCandidates {
    static func of(_ actor: ChannelActor, channel: Channel, _ chat: ChatContext) async throws -> [MentionCandidate] {
        let ids = try await actor.memberIDs()
        let users = try await chat.directory.users(ids)
        let statuses = try await chat.directory.storedStatuses(ids)
        return users.map { u in
            MentionCandidate(userID: u.id, username: u.username, firstName: u.firstName, notifyProps: u.notifyProps,
                             isOnline: statuses[u.id]?.status == "online")
        }
    }
}
