/// A post as routes and events see it, assembled from the channel's compact `PostStore`.
public struct Post: Sendable, Equatable {
    public var id: ID
    public var createAt: Int64
    public var updateAt: Int64
    public var editAt: Int64 = 0
    public var deleteAt: Int64 = 0
    public var isPinned = false
    public var userID: ID
    public var channelID: ID
    public var rootID: ID?
    public var message: String
    public var type: String = ""
    /// The `props` object as JSON text (`{}` when empty); Server validated it before it was stored.
    public var props: [UInt8] = Post.emptyProps
    public var hashtags = ""
    public var fileIDs: [ID] = []
    public var replyCount: Int64 = 0
    public var lastReplyAt: Int64 = 0
    public var reactions: [Reaction] = []
    /// Echoed to the author (response and `posted` event) only; never stored.
    public var pendingPostID = ""

    public init(id: ID, createAt: Int64, userID: ID, channelID: ID, rootID: ID?, message: String) {
        self.id = id
        self.createAt = createAt
        self.updateAt = createAt
        self.userID = userID
        self.channelID = channelID
        self.rootID = rootID
        self.message = message
    }

    public static let emptyProps: [UInt8] = Array("{}".utf8)
    public static let messageRunesMax = 16_383
}

/// An emoji reaction of one user to one post.
public struct Reaction: Sendable, Equatable {
    public var userID: ID
    public var postID: ID
    public var emojiName: String
    public var createAt: Int64

    public init(userID: ID, postID: ID, emojiName: String, createAt: Int64) {
        self.userID = userID
        self.postID = postID
        self.emojiName = emojiName
        self.createAt = createAt
    }
}

/// Post types a system message can have (notes §2); stored as one byte.
public enum PostType: UInt8, Sendable, CaseIterable {
    case normal = 0, joinChannel, leaveChannel, addToChannel, removeFromChannel, joinTeam, leaveTeam, addToTeam,
        removeFromTeam, headerChange, displayNameChange, purposeChange, channelDeleted, channelRestored, me

    public var text: String {
        switch self {
        case .normal: ""
        case .joinChannel: "system_join_channel"
        case .leaveChannel: "system_leave_channel"
        case .addToChannel: "system_add_to_channel"
        case .removeFromChannel: "system_remove_from_channel"
        case .joinTeam: "system_join_team"
        case .leaveTeam: "system_leave_team"
        case .addToTeam: "system_add_to_team"
        case .removeFromTeam: "system_remove_from_team"
        case .headerChange: "system_header_change"
        case .displayNameChange: "system_displayname_change"
        case .purposeChange: "system_purpose_change"
        case .channelDeleted: "system_channel_deleted"
        case .channelRestored: "system_channel_restored"
        case .me: "me"
        }
    }

    public init?(text: String) {
        guard let match = PostType.allCases.first(where: { $0.text == text }) else { return nil }
        self = match
    }
}
