/// A channel's own fields (Mattermost's Channel object). Members and posts live beside it in `ChannelState`.
public struct Channel: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case open = "O", privateChannel = "P", direct = "D", group = "G"
    }

    public var id: ID
    public var teamID: ID?   // nil for direct and group channels
    public var kind: Kind
    public var createAt: Int64
    public var updateAt: Int64
    public var deleteAt: Int64 = 0
    public var name: String
    public var displayName: String
    public var header = ""
    public var purpose = ""
    public var creatorID: ID?
    public var lastPostAt: Int64 = 0
    public var lastRootPostAt: Int64 = 0
    public var totalMsgCount: Int64 = 0
    public var totalMsgCountRoot: Int64 = 0
    public var extraUpdateAt: Int64 = 0

    public init(id: ID, teamID: ID?, kind: Kind, createAt: Int64, name: String, displayName: String, creatorID: ID?) {
        self.id = id
        self.teamID = teamID
        self.kind = kind
        self.createAt = createAt
        self.updateAt = createAt
        self.name = name
        self.displayName = displayName
        self.creatorID = creatorID
    }

    public var isArchived: Bool { deleteAt != 0 }
    public var isDirectOrGroup: Bool { kind == .direct || kind == .group }

    public static let townSquare = "town-square"
    public static let offTopic = "off-topic"
}

/// A user's membership of a channel with its read state (Mattermost's ChannelMember).
public struct ChannelMember: Sendable, Equatable {
    public var channelID: ID
    public var userID: ID
    public var schemeAdmin: Bool
    public var lastViewedAt: Int64 = 0
    public var msgCount: Int64 = 0
    public var msgCountRoot: Int64 = 0
    public var mentionCount: Int64 = 0
    public var mentionCountRoot: Int64 = 0
    public var urgentMentionCount: Int64 = 0
    public var lastUpdateAt: Int64
    public var notifyProps: [String: String] = ChannelMember.defaultNotifyProps

    public init(channelID: ID, userID: ID, schemeAdmin: Bool, at time: Int64) {
        self.channelID = channelID
        self.userID = userID
        self.schemeAdmin = schemeAdmin
        self.lastUpdateAt = time
    }

    public var roles: String { schemeAdmin ? "channel_user channel_admin" : "channel_user" }
    public var roleList: [String] { schemeAdmin ? ["channel_user", "channel_admin"] : ["channel_user"] }

    public static let defaultNotifyProps: [String: String] = [
        "desktop": "default", "mark_unread": "all", "push": "default", "email": "default",
        "ignore_channel_mentions": "default", "channel_auto_follow_threads": "off",
    ]
}
