/// Validators for names and free text (API-NOTES §7); nil means valid. (Interim version; replaced by the
/// complete one from the mentions branch.)
public enum NameRules {
    static let reservedTeamPrefixes = ["admin", "api", "channel", "claim", "error", "files", "help", "landing", "login",
                                       "mfa", "oauth", "plug", "plugins", "post", "signup", "boards", "playbooks"]

    static func bad(_ id: String, _ message: String) -> ChatError { ChatError(.badRequest, id: id, message) }

    static func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }

    public static func normalizeUsername(_ s: String) -> String { s.lowercased().trimmingSpaces }

    public static func teamName(_ s: String) -> ChatError? {
        let u = Array(s.utf8)
        let ok = (2...64).contains(u.count) && isLowerAlnum(u.first!) && isLowerAlnum(u.last!)
            && u.allSatisfy { isLowerAlnum($0) || $0 == 0x2D || $0 == 0x5F }
        if !ok || reservedTeamPrefixes.contains(where: { s.hasPrefix($0) }) {
            return bad("model.team.is_valid.name.app_error", "The team name must be 2-64 lowercase letters, digits or dashes, start and end with a letter or digit, and not begin with a reserved word.")
        }
        return nil
    }

    public static func channelName(_ s: String) -> ChatError? {
        let u = Array(s.utf8)
        let ok = (1...64).contains(u.count) && isLowerAlnum(u.first!) && isLowerAlnum(u.last!)
            && u.allSatisfy { isLowerAlnum($0) || $0 == 0x2D || $0 == 0x5F }
        let dm = u.count == 54 && s.contains("__")
        let gm = u.count == 40 && u.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        if !ok || dm || gm {
            return bad("model.channel.is_valid.name.app_error", "The channel name must be 1-64 lowercase letters, digits, dashes or underscores, start and end with a letter or digit.")
        }
        return nil
    }

    public static func username(_ s: String) -> ChatError? {
        let u = Array(s.utf8)
        let ok = (3...22).contains(u.count) && u.first! >= 0x61 && u.first! <= 0x7A
            && u.allSatisfy { isLowerAlnum($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
        if !ok || ["all", "channel", "matterbot", "system", "here"].contains(s) {
            return bad("model.user.is_valid.username.app_error", "A username must be 3-22 characters: a letter, then lowercase letters, digits, '.', '-' or '_'.")
        }
        return nil
    }

    public static func email(_ s: String) -> ChatError? {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        let ok = s.utf8.count <= 128 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !s.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 }
        return ok ? nil : bad("model.user.is_valid.email.app_error", "Please enter a valid email address.")
    }

    public static func password(_ s: String, minimumLength: Int = 8) -> ChatError? {
        let n = s.utf8.count
        if n < minimumLength { return bad("model.user.is_valid.pwd.app_error", "The password must be at least \(minimumLength) characters.") }
        if n > 72 { return bad("model.user.is_valid.pwd_max_length.app_error", "The password must be at most 72 bytes.") }
        return nil
    }

    static func runes(_ s: String, _ range: ClosedRange<Int>, _ id: String, _ what: String) -> ChatError? {
        let count = s.unicodeScalars.count
        let controls = s.unicodeScalars.contains { $0.value < 0x20 || (0x200B...0x200F).contains($0.value)
            || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || $0.value == 0xFEFF }
        return range.contains(count) && !controls ? nil : bad(id, "\(what) must have \(range.lowerBound)-\(range.upperBound) characters and no control characters.")
    }

    public static func displayName(_ s: String) -> ChatError? { runes(s.trimmingSpaces, 1...64, "model.channel.is_valid.display_name.app_error", "The display name") }
    public static func teamDisplayName(_ s: String) -> ChatError? { runes(s.trimmingSpaces, 1...64, "model.team.is_valid.name.app_error", "The team display name") }
    public static func header(_ s: String) -> ChatError? { s.unicodeScalars.count <= 1024 ? nil : bad("model.channel.is_valid.header.app_error", "The header may have at most 1024 characters.") }
    public static func purpose(_ s: String) -> ChatError? { s.unicodeScalars.count <= 250 ? nil : bad("model.channel.is_valid.purpose.app_error", "The purpose may have at most 250 characters.") }
    public static func nickname(_ s: String) -> ChatError? { s.isEmpty ? nil : runes(s, 0...64, "model.user.is_valid.nickname.app_error", "The nickname") }
    public static func firstName(_ s: String) -> ChatError? { s.isEmpty ? nil : runes(s, 0...64, "model.user.is_valid.first_name.app_error", "The first name") }
    public static func lastName(_ s: String) -> ChatError? { s.isEmpty ? nil : runes(s, 0...64, "model.user.is_valid.last_name.app_error", "The last name") }
    public static func position(_ s: String) -> ChatError? { s.isEmpty ? nil : runes(s, 0...128, "model.user.is_valid.position.app_error", "The position") }
    public static func teamDescription(_ s: String) -> ChatError? { s.unicodeScalars.count <= 255 ? nil : bad("model.team.is_valid.description.app_error", "The description may have at most 255 characters.") }
}
