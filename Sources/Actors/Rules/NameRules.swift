/// Mattermost's validation of names and free text (API-NOTES §7), as pure functions that return the error to
/// send or nil when the value is valid. Lengths in "runes" count Unicode scalars, as Go's `utf8.RuneCountInString`
/// does, so an emoji of several scalars counts several times; passwords count bytes because bcrypt does.
public enum NameRules {
    public static let teamNameCharactersMin = 2, teamNameCharactersMax = 64
    public static let channelNameCharactersMax = 64
    public static let usernameCharactersMin = 3, usernameCharactersMax = 22
    public static let emailCharactersMax = 128
    public static let passwordBytesDefaultMin = 8, passwordBytesMax = 72
    public static let displayNameRunesMax = 64
    public static let headerRunesMax = 1024, purposeRunesMax = 250
    public static let personNameRunesMax = 64, positionRunesMax = 128
    public static let teamDescriptionRunesMax = 255
    /// The two halves of a direct channel's name are 26-character ids; a group channel's name is a SHA-1 in hex.
    static let idCharacters = 26, groupNameHexCharacters = 40

    /// A team's URL name may not start with these, so it can never shadow a route of the web app.
    public static let reservedTeamNamePrefixes = [
        "admin", "api", "channel", "claim", "error", "files", "help", "landing", "login", "mfa", "oauth", "plug",
        "plugins", "post", "signup", "boards", "playbooks",
    ]
    /// Names that are mentions of many people or of the system, so no user may take them.
    public static let reservedUsernames: Set<String> = ["all", "channel", "matterbot", "system", "here"]

    public static func teamName(_ name: String) -> ChatError? {
        let error = { (why: String) in ChatError(.badRequest, id: "model.team.is_valid.name.app_error", why) }
        let count = name.unicodeScalars.count
        guard count >= teamNameCharactersMin, count <= teamNameCharactersMax else {
            return error("Team name must be \(teamNameCharactersMin) to \(teamNameCharactersMax) characters.")
        }
        // The pattern `^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$`: alphanumeric at both ends, and between them
        // either hyphens or one double underscore, never both.
        let bytes = Array(name.utf8)
        let ends = isLowerAlnum(bytes[0]) && isLowerAlnum(bytes[bytes.count - 1])
        let hyphenated = bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
        let halves = name.split(separator: "__", omittingEmptySubsequences: false)
        let underscored = halves.count == 2 && halves.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isLowerAlnum) }
        guard ends, hyphenated || underscored else {
            return error("Team name must use lowercase letters, digits and hyphens, and start and end with a letter "
                + "or digit.")
        }
        if let reserved = reservedTeamNamePrefixes.first(where: { name.hasPrefix($0) }) {
            return error("Team name cannot start with the reserved word \"\(reserved)\".")
        }
        return nil
    }

    public static func channelName(_ name: String) -> ChatError? {
        let error = { (why: String) in ChatError(.badRequest, id: "model.channel.is_valid.name.app_error", why) }
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, name.unicodeScalars.count <= channelNameCharactersMax else {
            return error("Channel name must be 1 to \(channelNameCharactersMax) characters.")
        }
        let allowed = bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        guard allowed, isLowerAlnum(bytes[0]), isLowerAlnum(bytes[bytes.count - 1]) else {
            return error("Channel name must use lowercase letters, digits, hyphens and underscores, start with a "
                + "letter or digit, and not end with a hyphen or underscore.")
        }
        // Direct and group channels have names of these shapes; an ordinary channel taking one could collide.
        let halves = name.split(separator: "__", omittingEmptySubsequences: false)
        if halves.count == 2, halves.allSatisfy({ $0.utf8.count == idCharacters && $0.utf8.allSatisfy(isLowerAlnum) }) {
            return error("Channel name cannot look like a direct message channel's name.")
        }
        let hexDigits = bytes.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
        if bytes.count == groupNameHexCharacters, hexDigits {
            return error("Channel name cannot look like a group message channel's name.")
        }
        return nil
    }

    /// The sign-up rule of Mattermost's clients, stricter than what the server reads back from old data.
    public static func username(_ name: String) -> ChatError? {
        let error = { (why: String) in ChatError(.badRequest, id: "model.user.is_valid.username.app_error", why) }
        let bytes = Array(name.utf8), count = name.unicodeScalars.count
        guard count >= usernameCharactersMin, count <= usernameCharactersMax else {
            return error("Username must be \(usernameCharactersMin) to \(usernameCharactersMax) characters.")
        }
        let rest = bytes.dropFirst().allSatisfy {
            isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
        guard bytes[0] >= UInt8(ascii: "a"), bytes[0] <= UInt8(ascii: "z"), rest else {
            return error("Username must start with a lowercase letter and use only lowercase letters, digits, "
                + "'.', '-' and '_'.")
        }
        if reservedUsernames.contains(name) { return error("Username \"\(name)\" is reserved.") }
        return nil
    }

    /// What callers apply to a submitted username before `username(_:)`.
    public static func normalizeUsername(_ name: String) -> String {
        trimmed(name).lowercased()
    }

    public static func email(_ email: String) -> ChatError? {
        let error = { (why: String) in ChatError(.badRequest, id: "model.user.is_valid.email.app_error", why) }
        guard email.unicodeScalars.count <= emailCharactersMax else {
            return error("Email must be at most \(emailCharactersMax) characters.")
        }
        guard !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || isControl($0) }) else {
            return error("Email cannot contain spaces or control characters.")
        }
        guard email == email.lowercased() else { return error("Email must be lowercase.") }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let domain = parts.last,
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else {
            return error("Email must be one address: a name, a single '@', and a domain with a dot.")
        }
        return nil
    }

    public static func password(_ password: String, minimumLength: Int = passwordBytesDefaultMin) -> ChatError? {
        let bytes = password.utf8.count
        guard bytes >= minimumLength, bytes <= passwordBytesMax else {
            return ChatError(.badRequest, id: "model.user.is_valid.pwd.app_error",
                             "Password must be \(minimumLength) to \(passwordBytesMax) bytes long.")
        }
        return nil
    }

    // MARK: Display text

    public static func displayName(_ text: String) -> ChatError? {
        displayText(text, id: "model.channel.is_valid.display_name.app_error", what: "Display name")
    }

    public static func teamDisplayName(_ text: String) -> ChatError? {
        displayText(text, id: "model.team.is_valid.display_name.app_error", what: "Team display name")
    }

    public static func nickname(_ text: String) -> ChatError? {
        personText(text, runesMax: personNameRunesMax, id: "model.user.is_valid.nickname.app_error", what: "Nickname")
    }

    public static func firstName(_ text: String) -> ChatError? {
        personText(text, runesMax: personNameRunesMax, id: "model.user.is_valid.first_name.app_error",
                   what: "First name")
    }

    public static func lastName(_ text: String) -> ChatError? {
        personText(text, runesMax: personNameRunesMax, id: "model.user.is_valid.last_name.app_error",
                   what: "Last name")
    }

    public static func position(_ text: String) -> ChatError? {
        personText(text, runesMax: positionRunesMax, id: "model.user.is_valid.position.app_error", what: "Position")
    }

    public static func header(_ text: String) -> ChatError? {
        freeText(text, runesMax: headerRunesMax, id: "model.channel.is_valid.header.app_error", what: "Header")
    }

    public static func purpose(_ text: String) -> ChatError? {
        freeText(text, runesMax: purposeRunesMax, id: "model.channel.is_valid.purpose.app_error", what: "Purpose")
    }

    public static func teamDescription(_ text: String) -> ChatError? {
        freeText(text, runesMax: teamDescriptionRunesMax, id: "model.team.is_valid.description.app_error",
                 what: "Team description")
    }

    /// A channel's or team's display name: required, counted after trimming, one line of visible text.
    private static func displayText(_ text: String, id: String, what: String) -> ChatError? {
        let runes = trimmed(text).unicodeScalars.count
        guard runes > 0, runes <= displayNameRunesMax else {
            return ChatError(.badRequest, id: id, "\(what) must be 1 to \(displayNameRunesMax) characters.")
        }
        return refuseInvisible(text, id: id, what: what)
    }

    /// A person's optional names: may be empty, one line of visible text.
    private static func personText(_ text: String, runesMax: Int, id: String, what: String) -> ChatError? {
        guard text.unicodeScalars.count <= runesMax else {
            return ChatError(.badRequest, id: id, "\(what) must be at most \(runesMax) characters.")
        }
        return refuseInvisible(text, id: id, what: what)
    }

    /// Names are shown beside other names, so a control character or an invisible direction override in one
    /// could disguise it as someone else's (the A7 spoofing concern); those are refused outright.
    private static func refuseInvisible(_ text: String, id: String, what: String) -> ChatError? {
        guard !text.unicodeScalars.contains(where: { isControl($0) || isFormatControl($0) }) else {
            return ChatError(.badRequest, id: id, "\(what) cannot contain control or invisible formatting characters.")
        }
        return nil
    }

    /// Headers, purposes and descriptions are Markdown that may span lines and legitimately carry right-to-left
    /// marks, so only control characters other than line breaks and tabs are refused.
    private static func freeText(_ text: String, runesMax: Int, id: String, what: String) -> ChatError? {
        guard text.unicodeScalars.count <= runesMax else {
            return ChatError(.badRequest, id: id, "\(what) must be at most \(runesMax) characters.")
        }
        let badControl = text.unicodeScalars.contains { isControl($0) && !["\n", "\r", "\t"].contains($0) }
        guard !badControl else { return ChatError(.badRequest, id: id, "\(what) cannot contain control characters.") }
        return nil
    }

    // MARK: Character classes

    static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The text without leading and trailing Unicode whitespace.
    static func trimmed(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return Substring(scalars[first...last])
    }

    /// C0 and C1 controls and DEL (Unicode category Cc).
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
    }

    /// Zero-width characters, direction marks, embeddings, overrides and isolates, and the byte-order mark.
    static func isFormatControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x200B...0x200F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0xFEFF
    }
}
