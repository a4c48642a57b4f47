/// One channel member as the mention parser sees them: the names that reach them and whether they are online.
/// The channel actor builds one per member at post time from the directory's users and the presence table, so
/// the parser stays a pure function of its inputs.
public struct MentionCandidate: Sendable, Equatable {
    public var userID: ID
    public var username: String
    public var firstName: String
    /// The user's notify props (`User.notifyProps`); the parser reads `channel`, `mention_keys` and `first_name`.
    public var notifyProps: [String: String]
    /// Whether `@here` reaches this member: Mattermost counts only members whose status is online.
    public var isOnline: Bool

    public init(userID: ID, username: String, firstName: String = "",
                notifyProps: [String: String] = User.defaultNotifyProps, isOnline: Bool = false) {
        self.userID = userID
        self.username = username
        self.firstName = firstName
        self.notifyProps = notifyProps
        self.isOnline = isOnline
    }
}
