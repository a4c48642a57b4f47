/// What a simulated user does when its think time is over (README "The Mattermost load model").
enum MattermostAction: String, CaseIterable, Codable, Sendable {
    /// `GET /channels/{id}/posts` for another of the user's channels, then `POST /channels/members/me/view`.
    case switchChannel
    /// `GET /channels/{id}/posts?before=<oldest post seen>`: the next older page of the current channel.
    case scroll
    /// `POST /posts` in the current channel; a share of them are replies (`root_id`).
    case post
    /// `GET /users/me/teams/unread`.
    case unreadCheck
    /// `POST /channels/direct` with a random other user, then `POST /posts` there.
    case directMessage
    /// Closes the WebSocket and opens a new one.
    case reconnect
}

/// One REST call a user makes, by what it is for; the report keeps counts and latencies per kind.
enum RequestKind: Int, CaseIterable, Codable, Sendable {
    case channelPosts, viewChannel, scrollPosts, createPost, createReply, teamUnreads, createDirect, directPost

    var label: String {
        switch self {
        case .channelPosts: "GET channel posts"
        case .viewChannel: "POST members/me/view"
        case .scrollPosts: "GET posts before"
        case .createPost: "POST posts"
        case .createReply: "POST posts (reply)"
        case .teamUnreads: "GET teams/unread"
        case .createDirect: "POST channels/direct"
        case .directPost: "POST posts (DM)"
        }
    }
}
