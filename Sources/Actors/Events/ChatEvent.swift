import Snapshot

/// One WebSocket event of notes §5.4, as the actor that owns the change describes it: who may hear it, what it
/// says (values, not JSON: Server encodes each event once), and the membership changes the fan-out must apply
/// before delivering it. Built inside the actor's locked stretch right after the record's apply, queued in the
/// outbox with the record's LSN, and published only once that LSN is durable.
public struct ChatEvent: Sendable {
    public enum Name: String, Sendable {
        case posted, typing, hello
        case postEdited = "post_edited", postDeleted = "post_deleted"
        case reactionAdded = "reaction_added", reactionRemoved = "reaction_removed"
        case statusChange = "status_change"
        case channelCreated = "channel_created", channelUpdated = "channel_updated"
        case channelDeleted = "channel_deleted", channelRestored = "channel_restored"
        case channelViewed = "channel_viewed", multipleChannelsViewed = "multiple_channels_viewed"
        case channelMemberUpdated = "channel_member_updated"
        case directAdded = "direct_added", groupAdded = "group_added"
        case userAdded = "user_added", userRemoved = "user_removed"
        case addedToTeam = "added_to_team", leaveTeam = "leave_team"
        case updateTeam = "update_team", deleteTeam = "delete_team"
        case newUser = "new_user", userUpdated = "user_updated", userRoleUpdated = "user_role_updated"
        case memberRoleUpdated = "memberrole_updated", roleUpdated = "role_updated"
        case preferencesChanged = "preferences_changed", preferencesDeleted = "preferences_deleted"
        case sidebarCategoryUpdated = "sidebar_category_updated"
        case ephemeralMessage = "ephemeral_message", configChanged = "config_changed"
    }

    /// Who hears it (notes §5.3), resolved against the membership at the moment of fan-out, never earlier.
    public enum Audience: Sendable, Equatable {
        case channel(ID)
        case team(ID)
        case user(ID)
        /// The user and everyone sharing a direct or group channel with them (`status_change`).
        case partners(ID)
        case everyone
        /// Nobody: the event only carries membership changes.
        case nobody
    }

    /// What the `broadcast` object names besides the audience.
    public struct Broadcast: Sendable, Equatable {
        public var channelID: ID?
        public var teamID: ID?
        public var userID: ID?
        public var omitUser: ID?
        public init(channelID: ID? = nil, teamID: ID? = nil, userID: ID? = nil, omitUser: ID? = nil) {
            self.channelID = channelID
            self.teamID = teamID
            self.userID = userID
            self.omitUser = omitUser
        }
    }

    /// A flat `data` value.
    public enum Value: Sendable, Equatable {
        case string(String)
        case int(Int64)
        case bool(Bool)
        /// A JSON array of strings, sent as a string (`teammate_ids`).
        case stringArrayText([String])
    }

    /// The facts a `posted` event adds to its post.
    public struct PostedFacts: Sendable {
        public var channelKind: Channel.Kind
        public var channelName: String
        public var channelDisplayName: String
        public var teamID: ID?
        public var senderName: String
        /// Filled per recipient: each mentioned recipient hears `["<its id>"]`, nobody else hears the field.
        public var mentions: [ID]
        public var setOnline: Bool

        public init(channelKind: Channel.Kind, channelName: String, channelDisplayName: String, teamID: ID?,
                    senderName: String, mentions: [ID], setOnline: Bool) {
            self.channelKind = channelKind
            self.channelName = channelName
            self.channelDisplayName = channelDisplayName
            self.teamID = teamID
            self.senderName = senderName
            self.mentions = mentions
            self.setOnline = setOnline
        }
    }

    public enum Body: Sendable {
        case posted(Post, PostedFacts)
        case post(Post)
        case reaction(Reaction)
        case channel(Channel)
        case channelMember(ChannelMember)
        case teamMember(TeamMember)
        case team(Team)
        case user(User)
        case preferences(userID: ID, [(key: PreferenceKey, value: String)])
        case role(Role)
        /// `channel_times: {cid: ms}` of `multiple_channels_viewed`.
        case channelTimes([(ID, Int64)])
        case fields([(String, Value)])
        case config
    }

    /// What the fan-out's membership index must learn before it delivers this event.
    public enum Membership: Sendable, Equatable {
        case channelJoined(ID, users: [ID], kind: Channel.Kind, teamID: ID?)
        case channelLeft(ID, user: ID)
        case teamJoined(ID, user: ID)
        case teamLeft(ID, user: ID)
        /// Deactivated: every socket of the user closes.
        case signedOut(ID)
        /// Sessions revoked (logout, password change): the sockets they authenticated close.
        case sessionsEnded([String])
    }

    public var name: Name
    public var audience: Audience
    public var broadcast: Broadcast
    public var body: Body
    public var membership: [Membership]

    public init(_ name: Name, to audience: Audience, broadcast: Broadcast? = nil, _ body: Body,
                membership: [Membership] = []) {
        self.name = name
        self.audience = audience
        self.body = body
        self.membership = membership
        if let broadcast {
            self.broadcast = broadcast
        } else {
            switch audience {
            case .channel(let id): self.broadcast = Broadcast(channelID: id)
            case .team(let id): self.broadcast = Broadcast(teamID: id)
            case .user(let id), .partners(let id): self.broadcast = Broadcast(userID: id)
            case .everyone, .nobody: self.broadcast = Broadcast()
            }
        }
    }

    /// Events a client may miss without harm; a slow connection drops them first.
    public var isEphemeral: Bool {
        switch name {
        case .typing, .statusChange, .channelViewed, .multipleChannelsViewed: return true
        default: return false
        }
    }
}
