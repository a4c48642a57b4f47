import Actors
import Synchronization

/// The settings Parley honours, with Mattermost's section and field names. `PUT /config` replaces the whole
/// configuration (fields left out return to their defaults), is validated, journaled, and applied at once.
struct ChatConfig: Sendable, Equatable {
    var siteURL = ""
    var siteName = "Parley"
    var enableOpenServer = true
    var enableUserCreation = true
    var enableTeamCreation = true
    var restrictDirectMessage = "any"
    var maxUsersPerTeam = 1_000_000
    var maxChannelsPerTeam = 2000
    var showEmailAddress = true
    var showFullName = true
    var maxFileSize: Int64 = 52_428_800
    var enablePublicLink = false
    var sessionLengthWebInHours: Int64 = 720
    var maximumLoginAttempts = 10
    var postEditTimeLimit = -1
    var enableUserDeactivation = false
    var passwordMinimumLength = 8
    var userStatusAwayTimeout: Int64 = 300   // seconds of inactivity before a connected user shows as away

    /// (section, field, reader, writer) for every honoured field, so reading and writing use one table.
    var settings: ChatSettings {
        var s = ChatSettings()
        s.enableOpenServer = enableOpenServer
        s.enableUserCreation = enableUserCreation
        s.enableTeamCreation = enableTeamCreation
        s.restrictDirectMessage = restrictDirectMessage
        s.maxUsersPerTeam = maxUsersPerTeam
        s.maxChannelsPerTeam = maxChannelsPerTeam
        s.sessionLengthMillis = sessionLengthWebInHours * 3_600_000
        s.maximumLoginAttempts = maximumLoginAttempts
        s.postEditTimeLimitSeconds = postEditTimeLimit
        s.enableUserDeactivation = enableUserDeactivation
        s.siteName = siteName
        return s
    }

    /// Mattermost's nested Config JSON.
    func json() -> JSONValue {
        .object([
            "ServiceSettings": .object([
                "SiteURL": .string(siteURL), "SessionLengthWebInHours": .int(sessionLengthWebInHours),
                "MaximumLoginAttempts": .int(Int64(maximumLoginAttempts)), "PostEditTimeLimit": .int(Int64(postEditTimeLimit)),
            ]),
            "TeamSettings": .object([
                "SiteName": .string(siteName), "EnableOpenServer": .bool(enableOpenServer),
                "EnableUserCreation": .bool(enableUserCreation), "EnableTeamCreation": .bool(enableTeamCreation),
                "RestrictDirectMessage": .string(restrictDirectMessage), "MaxUsersPerTeam": .int(Int64(maxUsersPerTeam)),
                "MaxChannelsPerTeam": .int(Int64(maxChannelsPerTeam)), "EnableUserDeactivation": .bool(enableUserDeactivation),
                "UserStatusAwayTimeout": .int(userStatusAwayTimeout),
            ]),
            "PrivacySettings": .object(["ShowEmailAddress": .bool(showEmailAddress), "ShowFullName": .bool(showFullName)]),
            "FileSettings": .object(["MaxFileSize": .int(maxFileSize), "EnablePublicLink": .bool(enablePublicLink)]),
            "PasswordSettings": .object(["MinimumLength": .int(Int64(passwordMinimumLength))]),
        ])
    }

    /// Reads a Config JSON over the defaults; wrong types and out-of-range values are a 400 naming the field.
    static func parse(_ value: JSONValue) throws -> ChatConfig {
        var c = ChatConfig()
        guard value.object != nil else { throw AppError.invalidBody("config") }
        func section(_ name: String) -> JSONValue? { value[name].flatMap { $0.isNull ? nil : $0 } }
        func bool(_ s: String, _ f: String, _ into: inout Bool) throws {
            guard let v = section(s)?[f], !v.isNull else { return }
            guard let b = v.bool else { throw AppError.invalidBody("\(s).\(f)") }
            into = b
        }
        func int(_ s: String, _ f: String, _ range: ClosedRange<Int64>, _ into: inout Int64) throws {
            guard let v = section(s)?[f], !v.isNull else { return }
            guard let n = v.int64, range.contains(n) else { throw AppError.invalidBody("\(s).\(f)") }
            into = n
        }
        func string(_ s: String, _ f: String, _ into: inout String) throws {
            guard let v = section(s)?[f], !v.isNull else { return }
            guard let t = v.string, t.utf8.count <= 1024 else { throw AppError.invalidBody("\(s).\(f)") }
            into = t
        }
        try string("ServiceSettings", "SiteURL", &c.siteURL)
        try int("ServiceSettings", "SessionLengthWebInHours", 1...87_600, &c.sessionLengthWebInHours)
        var n = Int64(c.maximumLoginAttempts)
        try int("ServiceSettings", "MaximumLoginAttempts", 1...1000, &n); c.maximumLoginAttempts = Int(n)
        n = Int64(c.postEditTimeLimit)
        try int("ServiceSettings", "PostEditTimeLimit", -1...31_536_000, &n); c.postEditTimeLimit = Int(n)
        try string("TeamSettings", "SiteName", &c.siteName)
        try bool("TeamSettings", "EnableOpenServer", &c.enableOpenServer)
        try bool("TeamSettings", "EnableUserCreation", &c.enableUserCreation)
        try bool("TeamSettings", "EnableTeamCreation", &c.enableTeamCreation)
        try bool("TeamSettings", "EnableUserDeactivation", &c.enableUserDeactivation)
        try string("TeamSettings", "RestrictDirectMessage", &c.restrictDirectMessage)
        guard ["any", "team"].contains(c.restrictDirectMessage) else { throw AppError.invalidBody("TeamSettings.RestrictDirectMessage") }
        n = Int64(c.maxUsersPerTeam)
        try int("TeamSettings", "MaxUsersPerTeam", 1...100_000_000, &n); c.maxUsersPerTeam = Int(n)
        n = Int64(c.maxChannelsPerTeam)
        try int("TeamSettings", "MaxChannelsPerTeam", 1...1_000_000, &n); c.maxChannelsPerTeam = Int(n)
        try int("TeamSettings", "UserStatusAwayTimeout", 1...86_400, &c.userStatusAwayTimeout)
        try bool("PrivacySettings", "ShowEmailAddress", &c.showEmailAddress)
        try bool("PrivacySettings", "ShowFullName", &c.showFullName)
        try int("FileSettings", "MaxFileSize", 1...(1 << 40), &c.maxFileSize)
        try bool("FileSettings", "EnablePublicLink", &c.enablePublicLink)
        n = Int64(c.passwordMinimumLength)
        try int("PasswordSettings", "MinimumLength", 5...72, &n); c.passwordMinimumLength = Int(n)
        return c
    }
}

/// The current configuration, read by every request and replaced by `PUT /config` (and at start from the
/// journal and from `--config` overrides).
final class ConfigStore: Sendable {
    private let value: Mutex<ChatConfig>
    private let settings: SettingsView
    private let presence: PresenceTable?

    init(_ initial: ChatConfig, settings: SettingsView, presence: PresenceTable? = nil) {
        value = Mutex(initial)
        self.settings = settings
        self.presence = presence
        apply(initial)
    }

    var current: ChatConfig { value.withLock { $0 } }

    func replace(_ config: ChatConfig) {
        value.withLock { $0 = config }
        apply(config)
    }

    private func apply(_ config: ChatConfig) {
        settings.replace(config.settings)
        presence?.setAwayAfter(millis: config.userStatusAwayTimeout * 1000)
    }
}
