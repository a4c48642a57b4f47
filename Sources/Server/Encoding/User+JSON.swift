import Actors

/// Who is looking at a user object, which decides what Mattermost's `Sanitize` would blank.
enum UserAudience: Sendable, Equatable {
    /// The user themself: everything except the admin-only counters.
    case own
    /// A system admin looking at someone: everything except the other user's notification settings.
    case admin
    /// Anyone else; the two flags mirror `PrivacySettings.ShowEmailAddress` and `ShowFullName`.
    case other(showEmail: Bool, showFullName: Bool)
}

extension JSONWriter {
    /// Mattermost's User in the field order of its Go model. `passwordPHC` is never written, whatever
    /// the audience: the hash stays inside the process.
    mutating func user(_ u: User, audience: UserAudience) {
        let privileged: Bool
        let showEmail: Bool
        let showFullName: Bool
        switch audience {
        case .own, .admin:
            (privileged, showEmail, showFullName) = (true, true, true)
        case .other(let email, let fullName):
            (privileged, showEmail, showFullName) = (false, email, fullName)
        }
        beginObject()
        field("id", u.id)
        field("create_at", u.createAt)
        field("update_at", u.updateAt)
        field("delete_at", u.deleteAt)
        field("username", u.username)
        // Only email/password accounts exist, so the auth fields hold Go's zero values.
        if privileged { field("auth_data", "") }
        field("auth_service", "")
        field("email", showEmail ? u.email : "")
        field("email_verified", u.emailVerified)
        field("nickname", u.nickname)
        field("first_name", showFullName ? u.firstName : "")
        field("last_name", showFullName ? u.lastName : "")
        field("position", u.position)
        field("roles", u.roles)
        if !u.props.isEmpty {
            key("props")
            stringMap(u.props)
        }
        userPrivateFields(u, audience: audience)
        field("last_picture_update", u.lastPictureUpdate)
        field("locale", u.locale)
        key("timezone")
        stringMap(u.timezone)
        field("mfa_active", false)
        field("disable_welcome_email", false)
        endObject()
    }

    /// The fields Mattermost sanitizes away for other users.
    private mutating func userPrivateFields(_ u: User, audience: UserAudience) {
        switch audience {
        case .own:
            key("notify_props")
            stringMap(u.notifyProps)
            field("last_password_update", u.lastPasswordUpdate)
            field("last_login", u.lastLogin)
        case .admin:
            field("last_password_update", u.lastPasswordUpdate)
            field("failed_attempts", u.failedAttempts)
            field("last_login", u.lastLogin)
        case .other:
            return
        }
    }
}
