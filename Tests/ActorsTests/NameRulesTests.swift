import Testing
@testable import Actors

/// One row: which validator, the input, and the error id expected (nil = valid).
struct NameCase: Sendable, CustomTestStringConvertible {
    enum Rule: String, Sendable {
        case team, channel, username, email, password, displayName, teamDisplayName, header, purpose
        case nickname, firstName, lastName, position, teamDescription
    }

    var rule: Rule
    var input: String
    var error: String?
    var testDescription: String { "\(rule.rawValue) \(input.prefix(40).debugDescription)" }

    init(_ rule: Rule, _ input: String, _ error: String? = nil) {
        self.rule = rule
        self.input = input
        self.error = error
    }

    func check() -> ChatError? {
        switch rule {
        case .team: NameRules.teamName(input)
        case .channel: NameRules.channelName(input)
        case .username: NameRules.username(input)
        case .email: NameRules.email(input)
        case .password: NameRules.password(input)
        case .displayName: NameRules.displayName(input)
        case .teamDisplayName: NameRules.teamDisplayName(input)
        case .header: NameRules.header(input)
        case .purpose: NameRules.purpose(input)
        case .nickname: NameRules.nickname(input)
        case .firstName: NameRules.firstName(input)
        case .lastName: NameRules.lastName(input)
        case .position: NameRules.position(input)
        case .teamDescription: NameRules.teamDescription(input)
        }
    }
}

@Suite struct NameRulesTests {
    static let team = "model.team.is_valid.name.app_error"
    static let channel = "model.channel.is_valid.name.app_error"
    static let user = "model.user.is_valid.username.app_error"
    static let email = "model.user.is_valid.email.app_error"
    static let pwd = "model.user.is_valid.pwd.app_error"
    static let display = "model.channel.is_valid.display_name.app_error"
    static let id26 = String(repeating: "a", count: 26)
    static let hex40 = "0123456789abcdef0123456789abcdef01234567"
    static let family = "👨‍👩‍👧"   // one character, five scalars, two of them zero-width joiners

    static let cases: [NameCase] = [
        // Team names.
        NameCase(.team, "engineering"),
        NameCase(.team, "ab"),
        NameCase(.team, "a", team),
        NameCase(.team, "my-team-2"),
        NameCase(.team, "my__team"),
        NameCase(.team, "my-__team", team),
        NameCase(.team, "my_team", team),
        NameCase(.team, "-team", team),
        NameCase(.team, "team-", team),
        NameCase(.team, "Team", team),
        NameCase(.team, "apiteam", team),
        NameCase(.team, "admins", team),
        NameCase(.team, "signup-now", team),
        NameCase(.team, "myapi"),
        NameCase(.team, String(repeating: "t", count: 64)),
        NameCase(.team, String(repeating: "t", count: 65), team),
        // Channel names.
        NameCase(.channel, "town-square"),
        NameCase(.channel, "a"),
        NameCase(.channel, "", channel),
        NameCase(.channel, "dev_ops-2"),
        NameCase(.channel, "_private", channel),
        NameCase(.channel, "ends-", channel),
        NameCase(.channel, "ends_", channel),
        NameCase(.channel, "Caps", channel),
        NameCase(.channel, "with space", channel),
        NameCase(.channel, id26 + "__" + id26, channel),
        NameCase(.channel, id26 + "__" + "short"),
        NameCase(.channel, hex40, channel),
        NameCase(.channel, hex40 + "0"),
        NameCase(.channel, String(repeating: "c", count: 64)),
        NameCase(.channel, String(repeating: "c", count: 65), channel),
        // Usernames at sign-up.
        NameCase(.username, "alice"),
        NameCase(.username, "alice.smith_2-b"),
        NameCase(.username, "al", user),
        NameCase(.username, String(repeating: "u", count: 22)),
        NameCase(.username, String(repeating: "u", count: 23), user),
        NameCase(.username, "1alice", user),
        NameCase(.username, ".alice", user),
        NameCase(.username, "Alice", user),
        NameCase(.username, "ali ce", user),
        NameCase(.username, "all", user),
        NameCase(.username, "channel", user),
        NameCase(.username, "here", user),
        NameCase(.username, "matterbot", user),
        NameCase(.username, "system", user),
        NameCase(.username, "systems"),
        // E-mail addresses.
        NameCase(.email, "alice@example.com"),
        NameCase(.email, "a.b+tag@mail.example.org"),
        NameCase(.email, "alice@localhost", email),
        NameCase(.email, "alice@@example.com", email),
        NameCase(.email, "alice@x@example.com", email),
        NameCase(.email, "@example.com", email),
        NameCase(.email, "alice@", email),
        NameCase(.email, "alice@.com", email),
        NameCase(.email, "alice@example.", email),
        NameCase(.email, "alice example@x.com", email),
        NameCase(.email, "alice@exa\u{7}mple.com", email),
        NameCase(.email, "Alice@example.com", email),
        NameCase(.email, String(repeating: "e", count: 116) + "@example.com"),
        NameCase(.email, String(repeating: "e", count: 117) + "@example.com", email),
        // Passwords count bytes.
        NameCase(.password, "12345678"),
        NameCase(.password, "1234567", pwd),
        NameCase(.password, String(repeating: "p", count: 72)),
        NameCase(.password, String(repeating: "p", count: 73), pwd),
        NameCase(.password, String(repeating: "é", count: 36)),
        NameCase(.password, String(repeating: "é", count: 37), pwd),
        // Display names count runes after trimming and refuse invisible tricks.
        NameCase(.displayName, "Town Square"),
        NameCase(.displayName, "   ", display),
        NameCase(.displayName, "", display),
        NameCase(.displayName, "  " + String(repeating: "d", count: 64) + "  "),
        NameCase(.displayName, String(repeating: "d", count: 65), display),
        NameCase(.displayName, String(repeating: "ñ", count: 64)),
        NameCase(.displayName, String(repeating: "😀", count: 64)),
        NameCase(.displayName, String(repeating: "😀", count: 65), display),
        NameCase(.displayName, family, display),
        NameCase(.displayName, "admin\u{202E}nimda", display),
        NameCase(.displayName, "a\u{2066}b", display),
        NameCase(.displayName, "zero\u{200B}width", display),
        NameCase(.displayName, "\u{FEFF}bom", display),
        NameCase(.displayName, "tab\there", display),
        NameCase(.teamDisplayName, "Engineering"),
        NameCase(.teamDisplayName, "", "model.team.is_valid.display_name.app_error"),
        NameCase(.teamDisplayName, "Eng\u{202D}", "model.team.is_valid.display_name.app_error"),
        // Free text: long limits, line breaks and RTL marks allowed, other controls refused.
        NameCase(.header, String(repeating: "h", count: 1024)),
        NameCase(.header, String(repeating: "h", count: 1025), "model.channel.is_valid.header.app_error"),
        NameCase(.header, "line\nline\twith \u{200F}rtl mark"),
        NameCase(.header, "bell\u{7}", "model.channel.is_valid.header.app_error"),
        NameCase(.purpose, String(repeating: "p", count: 250)),
        NameCase(.purpose, String(repeating: "p", count: 251), "model.channel.is_valid.purpose.app_error"),
        NameCase(.teamDescription, String(repeating: "d", count: 255)),
        NameCase(.teamDescription, String(repeating: "d", count: 256), "model.team.is_valid.description.app_error"),
        // A person's names.
        NameCase(.nickname, ""),
        NameCase(.nickname, String(repeating: "n", count: 64)),
        NameCase(.nickname, String(repeating: "n", count: 65), "model.user.is_valid.nickname.app_error"),
        NameCase(.nickname, "nick\u{202E}", "model.user.is_valid.nickname.app_error"),
        NameCase(.firstName, "José"),
        NameCase(.firstName, String(repeating: "f", count: 65), "model.user.is_valid.first_name.app_error"),
        NameCase(.lastName, "O'Brien"),
        NameCase(.lastName, "new\nline", "model.user.is_valid.last_name.app_error"),
        NameCase(.position, String(repeating: "p", count: 128)),
        NameCase(.position, String(repeating: "p", count: 129), "model.user.is_valid.position.app_error"),
    ]

    @Test(arguments: cases) func table(_ row: NameCase) {
        let error = row.check()
        #expect(error?.id == row.error)
        if let error {
            #expect(error.kind == .badRequest)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func tableIsLargeEnough() { #expect(Self.cases.count >= 40) }

    @Test func passwordMinimumIsConfigurable() {
        #expect(NameRules.password("12345", minimumLength: 5) == nil)
        #expect(NameRules.password("1234", minimumLength: 5)?.id == Self.pwd)
        #expect(NameRules.password("1234567890", minimumLength: 12)?.message.contains("12") == true)
    }

    @Test func reservedPrefixIsNamedInTheMessage() {
        #expect(NameRules.teamName("apiteam")?.message.contains("\"api\"") == true)
    }

    @Test func normalizeUsernameTrimsAndLowercases() {
        #expect(NameRules.normalizeUsername("  Alice.Smith \n") == "alice.smith")
        #expect(NameRules.normalizeUsername("") == "")
        #expect(NameRules.username(NameRules.normalizeUsername(" BOB ")) == nil)
    }
}
