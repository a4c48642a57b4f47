import Testing
@testable import Actors

/// One row of the mention table: a message, the channel kind, and what the parser must find.
struct MentionCase: Sendable, CustomTestStringConvertible {
    var message: String
    var kind: Channel.Kind = .open
    var users: [String] = []          // usernames expected in `userIDs`
    var channel = false, all = false, here = false
    var others: [String] = []
    var testDescription: String { message.debugDescription }
}

@Suite struct MentionParserTests {
    /// The channel: ids are small numbers so the expected order is the members' order here.
    static let people: [(String, String, [String: String], Bool)] = [
        ("author", "Ann", ["first_name": "true", "mention_keys": "deploy"], true),
        ("alice", "Alice", [:], true),
        ("bob", "Bob", [:], false),
        ("alice.smith", "", [:], false),
        ("carol", "Carol", ["first_name": "true"], false),
        ("dave", "", ["mention_keys": " marketing ,@support, on-call,Ñandú,#release, ++ "], false),
        ("erin", "", ["channel": "false"], false),
        ("frank", "", [:], true),
        ("grace", "", ["channel": "false"], true),
        ("zoe", "Zoë", ["first_name": "true"], false),
    ]

    static func id(_ n: Int) -> ID { ID(high: 0, low: UInt64(n + 1)) }
    static let authorID = id(0)

    static let members: [MentionCandidate] = people.enumerated().map { n, person in
        var props = User.defaultNotifyProps
        props.merge(person.2) { $1 }
        return MentionCandidate(userID: id(n), username: person.0, firstName: person.1, notifyProps: props,
                                isOnline: person.3)
    }

    static func ids(_ usernames: [String]) -> [ID] {
        usernames.map { name in id(people.firstIndex { $0.0 == name }!) }.sorted()
    }

    static let everyoneWhoWantsChannel = ["alice", "bob", "alice.smith", "carol", "dave", "frank", "zoe"]

    static let cases: [MentionCase] = [
        // Usernames and the punctuation after them.
        MentionCase(message: "hello @alice", users: ["alice"]),
        MentionCase(message: "@alice.", users: ["alice"]),
        MentionCase(message: "@alice, hi", users: ["alice"]),
        MentionCase(message: "@alice: look", users: ["alice"]),
        MentionCase(message: "(@alice)", users: ["alice"]),
        MentionCase(message: "@alice!?", users: ["alice"]),
        MentionCase(message: "@alice-", users: ["alice"]),
        MentionCase(message: "@alice_", users: ["alice"]),
        MentionCase(message: "@alice...", users: ["alice"]),
        MentionCase(message: "@bob's idea", users: ["bob"]),
        MentionCase(message: "@alice.smith hi", users: ["alice.smith"]),
        MentionCase(message: "@alice.smith.", users: ["alice.smith"]),
        MentionCase(message: "@alice.smithers", others: ["alice.smithers"]),
        MentionCase(message: "@ALICE and @Bob", users: ["alice", "bob"]),
        MentionCase(message: "@alice @alice @alice", users: ["alice"]),
        MentionCase(message: "@alice@bob", users: ["alice"]),
        MentionCase(message: "@aliceé"),
        MentionCase(message: "@ alone @"),
        MentionCase(message: "line one\n@bob\r\nline three", users: ["bob"]),
        // E-mail addresses are not mentions.
        MentionCase(message: "mail alice@example.com"),
        MentionCase(message: "bob@x.io, frank@y.io"),
        // Code counts for nothing.
        MentionCase(message: "`@alice` and @bob", users: ["bob"]),
        MentionCase(message: "``@alice ` still code`` @carol", users: ["carol"]),
        MentionCase(message: "`unclosed @alice", users: ["alice"]),
        MentionCase(message: "```\n@alice\n```"),
        MentionCase(message: "```swift\n@alice\n```\n@bob", users: ["bob"]),
        MentionCase(message: "~~~\n@alice\n~~~\n@bob", users: ["bob"]),
        MentionCase(message: "text\n```\n@alice never closed"),
        MentionCase(message: "    @alice indented"),
        MentionCase(message: "\t@alice tab-indented"),
        MentionCase(message: "para\n    @alice continues the paragraph", users: ["alice"]),
        MentionCase(message: "para\n\n    @alice\n\n@bob", users: ["bob"]),
        // @channel, @all, @here.
        MentionCase(message: "@channel ship it", users: everyoneWhoWantsChannel, channel: true),
        MentionCase(message: "@all.", users: everyoneWhoWantsChannel, all: true),
        MentionCase(message: "@CHANNEL", users: everyoneWhoWantsChannel, channel: true),
        MentionCase(message: "@here anyone?", users: ["alice", "frank"], here: true),
        MentionCase(message: "@here and @grace", users: ["alice", "frank", "grace"], here: true),
        MentionCase(message: "`@channel` is loud"),
        MentionCase(message: "@channelx", others: ["channelx"]),
        MentionCase(message: "@all-hands", others: ["all-hands"]),
        // Unknown names feed the "not in channel" notice, once each, in order.
        MentionCase(message: "@nobody hi @Ghost @nobody.", others: ["nobody", "ghost"]),
        MentionCase(message: "@ghost... and @bob", users: ["bob"], others: ["ghost"]),
        // The author is never notified of their own post, whatever reaches them.
        MentionCase(message: "note to self @author, deploy"),
        MentionCase(message: "@author and @alice", users: ["alice"]),
        // Custom keys: whole words, any case, with or without `@`, phrases and Unicode.
        MentionCase(message: "marketing sync", users: ["dave"]),
        MentionCase(message: "MARKETING!", users: ["dave"]),
        MentionCase(message: "remarketing and marketing_plan"),
        MentionCase(message: "@marketing please", users: ["dave"]),
        MentionCase(message: "@support please", users: ["dave"]),
        MentionCase(message: "support please"),
        MentionCase(message: "who is on-call today?", users: ["dave"]),
        MentionCase(message: "ON-CALL", users: ["dave"]),
        MentionCase(message: "on call, non-call, on-caller"),
        MentionCase(message: "el ñandú corre", users: ["dave"]),
        MentionCase(message: "ÑANDÚ", users: ["dave"]),
        MentionCase(message: "ñandúes"),
        MentionCase(message: "cut #release today", users: ["dave"]),
        MentionCase(message: "cut a#release, ++ c++"),
        MentionCase(message: "`marketing` only in code"),
        // First names, when the member turned them on.
        MentionCase(message: "carol, hi", users: ["carol"]),
        MentionCase(message: "CAROL", users: ["carol"]),
        MentionCase(message: "carolina"),
        MentionCase(message: "Bob and Alice"),
        MentionCase(message: "zoë!", users: ["zoe"]),
        MentionCase(message: "ZOË", users: ["zoe"]),
        MentionCase(message: "zoëy and zoé"),
        // Direct channels mention the other member on every post.
        MentionCase(message: "plain words", kind: .direct, users: Array(people.dropFirst().map(\.0))),
        MentionCase(message: "plain words", kind: .group),
    ]

    @Test(arguments: cases) func table(_ row: MentionCase) {
        let mentions = MentionParser.parse(message: row.message, authorID: Self.authorID, channelKind: row.kind,
                                           members: Self.members)
        #expect(mentions == Mentions(userIDs: Self.ids(row.users), usedChannel: row.channel, usedAll: row.all,
                                     usedHere: row.here, otherUsernames: row.others))
    }

    @Test func directChannelWithTwoMembersMentionsOnlyTheOther() {
        let two = [Self.members[0], Self.members[2]]
        let mentions = MentionParser.parse(message: "hi", authorID: Self.authorID, channelKind: .direct, members: two)
        #expect(mentions.userIDs == [Self.id(2)])
        let own = MentionParser.parse(message: "hi", authorID: Self.authorID, channelKind: .direct,
                                      members: [Self.members[0]])
        #expect(own.userIDs.isEmpty)
    }

    @Test func tableIsLargeEnough() { #expect(Self.cases.count >= 40) }
}

/// The largest messages a post may carry: these only check results (tests never time anything), but each one
/// would take minutes if the parser were quadratic anywhere.
extension MentionParserTests {
    static let messageRunesMax = 16_383

    static func crowd(_ count: Int) -> [MentionCandidate] {
        (0..<count).map { MentionCandidate(userID: id(1_000 + $0), username: "user\($0)") }
            + [MentionCandidate(userID: id(999), username: "x")]
    }

    @Test func thousandsOfMentionsInTheLongestMessage() {
        let spaced = String(repeating: "@x ", count: Self.messageRunesMax / 3)
        #expect(spaced.unicodeScalars.count == Self.messageRunesMax)
        let members = Self.crowd(10_000)
        let one = MentionParser.parse(message: spaced, authorID: Self.authorID, channelKind: .open, members: members)
        #expect(one.userIDs == [Self.id(999)])
        // Glued together only the first `@` starts a mention; the rest follow a word and are e-mail-like.
        let glued = String(String(repeating: "@x", count: 10_000).prefix(Self.messageRunesMax))
        let two = MentionParser.parse(message: glued, authorID: Self.authorID, channelKind: .open, members: members)
        #expect(two.userIDs == [Self.id(999)])
        let unknown = (0..<3_000).map { "@u\($0)" }.joined(separator: " ")
        let three = MentionParser.parse(message: unknown, authorID: Self.authorID, channelKind: .open,
                                        members: members)
        #expect(three.otherUsernames.count == 3_000)
        #expect(three.otherUsernames.first == "u0")
    }

    @Test func pathologicalMessagesStayLinear() {
        // Backtick runs of every length with no closer, then one real mention.
        var ticks = ""
        var length = 1
        while ticks.utf8.count + length + 10 < Self.messageRunesMax {
            ticks += String(repeating: "`", count: length) + " "
            length += 1
        }
        let members = Self.crowd(10)
        let a = MentionParser.parse(message: ticks + "@x", authorID: Self.authorID, channelKind: .open,
                                    members: members)
        #expect(a.userIDs == [Self.id(999)])
        let dots = "@x" + String(repeating: ".", count: Self.messageRunesMax - 2)
        let b = MentionParser.parse(message: dots, authorID: Self.authorID, channelKind: .open, members: members)
        #expect(b.userIDs == [Self.id(999)])
        let words = String(repeating: "on on-cal ", count: Self.messageRunesMax / 10)
        let c = MentionParser.parse(message: words, authorID: Self.authorID, channelKind: .open,
                                    members: Self.members)
        #expect(c.userIDs.isEmpty)
    }
}

/// Mattermost's `hashtags` field.
extension MentionParserTests {
    static let hashtagCases: [(String, String)] = [
        ("#tag", "#tag"),
        ("#ab", "#ab"),
        ("#a", ""),
        ("#tag.", "#tag"),
        ("#tag_", "#tag"),
        ("#tag-name_x.y, done", "#tag-name_x.y"),
        ("(#tag)", "#tag"),
        ("#1abc", ""),
        ("# tag", ""),
        ("#tag #tag #other", "#tag #other"),
        ("#Tag #tag", "#Tag #tag"),
        ("a#tag page#anchor /#/route &#38;", ""),
        ("##double", ""),
        ("#tag#other", ""),
        ("`#code` #real", "#real"),
        ("```\n#fenced\n```\n#after", "#after"),
        ("    #indented", ""),
        ("#año #über", "#año #über"),
        ("line\n#second line", "#second"),
    ]

    @Test(arguments: hashtagCases) func hashtags(_ row: (String, String)) {
        #expect(MentionParser.hashtags(in: row.0) == row.1)
    }

    @Test func hashtagsStopBeforeTheLimit() {
        let message = (0..<300).map { "#t" + String(1_000 + $0) }.joined(separator: " ")
        let tags = MentionParser.hashtags(in: message)
        // Six runes a tag and a space between: 143 tags take 6 * 143 + 142 = 1000 runes.
        #expect(tags.unicodeScalars.count == MentionParser.hashtagsRunesMax)
        #expect(tags.split(separator: " ").count == 143)
        #expect(tags.hasSuffix("#t1142"))
    }
}
