import Synchronization

/// The configuration values the domain honours, with Mattermost's names in the comments. Server derives them
/// from the stored configuration and replaces them whenever `PUT /config` changes it, so a flipped setting takes
/// effect at once.
public struct ChatSettings: Sendable, Equatable {
    public var enableOpenServer = true             // TeamSettings.EnableOpenServer (the guide: open sign-up)
    public var enableUserCreation = true           // TeamSettings.EnableUserCreation
    public var enableTeamCreation = true           // TeamSettings.EnableTeamCreation
    public var restrictDirectMessage = "any"       // TeamSettings.RestrictDirectMessage: "any" | "team"
    public var maxUsersPerTeam = 1_000_000         // TeamSettings.MaxUsersPerTeam: high, no user cap is a promise
    public var maxChannelsPerTeam = 2000           // TeamSettings.MaxChannelsPerTeam
    public var sessionLengthMillis: Int64 = 720 * 3_600_000   // ServiceSettings.SessionLengthWebInHours
    public var maximumLoginAttempts = 10           // ServiceSettings.MaximumLoginAttempts
    public var postEditTimeLimitSeconds = -1       // ServiceSettings.PostEditTimeLimit (-1: no limit)
    public var enableUserDeactivation = false      // TeamSettings.EnableUserDeactivation (self-deactivation)
    public var siteName = "Parley"

    public init() {}
}

/// The current settings, shared by every actor (read often, replaced rarely).
public final class SettingsView: Sendable {
    private let value: Mutex<ChatSettings>

    public init(_ settings: ChatSettings = .init()) {
        value = Mutex(settings)
    }

    public var current: ChatSettings { value.withLock { $0 } }

    public func replace(_ settings: ChatSettings) {
        value.withLock { $0 = settings }
    }
}
