/// What a simulated user does when its think time is over (README "The Mattermost load model").
enum MattermostAction: String, CaseIterable, Codable, Sendable {
    /// `GET /channels/{id}/posts` for another of the user's channels, then `POST /channels/members/me/view`.
    case switchChannel
    /// `GET /channels/{id}/posts?before=<oldest post seen>`: the next older page of the channel in view.
    case scroll
    /// `POST /posts` in the channel in view; a share of them are replies (`root_id`).
    case post
    /// `GET /users/me/teams/unread`.
    case unreadCheck
    /// `POST /channels/direct` with a random other user, then its posts and a view, as switching to a DM does;
    /// later posts go there until the user switches to a channel.
    case directMessage
    /// Closes the WebSocket and opens a new one.
    case reconnect
    /// `POST /reactions` on the newest post seen in the channel in view.
    case react
    /// `GET /posts/{id}/thread` of a thread in the channel in view (the right-hand panel).
    case viewThread
    /// `GET /posts/{id}` of a post in one of the user's channels (following a link to it).
    case openPermalink
    /// `PUT /posts/{id}/patch` of the user's own last post.
    case editPost
    /// `DELETE /posts/{id}` of the user's own last post.
    case deletePost
}

/// One REST call a user makes, by what it is for; the report keeps counts and latencies per kind.
enum RequestKind: Int, CaseIterable, Codable, Sendable {
    case channelPosts, viewChannel, scrollPosts, createPost, createReply, teamUnreads, createDirect, directPost
    case addReaction, threadPosts, permalinkPost, editPost, deletePost

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
        case .addReaction: "POST reactions"
        case .threadPosts: "GET posts/{id}/thread"
        case .permalinkPost: "GET posts/{id}"
        case .editPost: "PUT posts/{id}/patch"
        case .deletePost: "DELETE posts/{id}"
        }
    }

    /// The status a successful reply has (Mattermost: 201 for creations, 200 otherwise, reactions included).
    var expectedStatus: Int {
        switch self {
        case .createPost, .createReply, .createDirect, .directPost: 201
        case .channelPosts, .viewChannel, .scrollPosts, .teamUnreads, .addReaction, .threadPosts, .permalinkPost,
             .editPost, .deletePost: 200
        }
    }
}
