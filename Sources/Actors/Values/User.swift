/// A user account as the directory stores it. `passwordPHC` never leaves the process (Server never encodes it).
public struct User: Sendable, Equatable {
    public var id: ID
    public var createAt: Int64
    public var updateAt: Int64
    public var deleteAt: Int64 = 0
    public var username: String
    public var email: String
    public var emailVerified = false
    public var nickname = ""
    public var firstName = ""
    public var lastName = ""
    public var position = ""
    public var roles: String
    public var locale = "en"
    public var notifyProps: [String: String] = User.defaultNotifyProps
    public var props: [String: String] = [:]
    public var timezone: [String: String] = User.defaultTimezone
    public var passwordPHC: String
    public var lastPasswordUpdate: Int64
    public var lastPictureUpdate: Int64 = 0
    public var failedAttempts = 0
    public var lastLogin: Int64 = 0
    public var lastActivityAt: Int64 = 0

    public init(id: ID, createAt: Int64, username: String, email: String, roles: String, passwordPHC: String) {
        self.id = id
        self.createAt = createAt
        self.updateAt = createAt
        self.username = username
        self.email = email
        self.roles = roles
        self.passwordPHC = passwordPHC
        self.lastPasswordUpdate = createAt
    }

    public var isActive: Bool { deleteAt == 0 }
    public var roleList: [String] { roles.split(separator: " ").map(String.init) }
    public var isSystemAdmin: Bool { roleList.contains("system_admin") }

    /// Mattermost's `SetDefaultNotifications` (current servers).
    public static let defaultNotifyProps: [String: String] = [
        "email": "true", "push": "mention", "desktop": "mention", "desktop_sound": "true", "mention_keys": "",
        "channel": "true", "push_status": "away", "comments": "never", "first_name": "false",
        "desktop_threads": "all", "email_threads": "all", "push_threads": "all",
    ]

    public static let defaultTimezone: [String: String] = [
        "useAutomaticTimezone": "true", "automaticTimezone": "", "manualTimezone": "",
    ]
}
