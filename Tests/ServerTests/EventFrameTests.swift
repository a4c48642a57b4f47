import Actors
import Foundation
import Testing
@testable import Server

/// One encoding per event, filled per recipient: the announced length is the written length for every seq and
/// both mention forms, the result is the JSON of notes §5.2, and only the mentioned recipient sees `mentions`.
@Suite struct EventFrameTests {
    static let author = ID(high: 0, low: 7), bob = ID(high: 0, low: 8), room = ID(high: 0, low: 9)

    func postedFrame() -> EventFrame {
        let post = Post(id: ID(high: 1, low: 1), createAt: 1_700_000_000_000, userID: Self.author, channelID: Self.room,
                        rootID: nil, message: "hi \"@bob\"\n")
        let facts = ChatEvent.PostedFacts(channelKind: .open, channelName: "room", channelDisplayName: "Room",
                                          teamID: ID(high: 2, low: 2), senderName: "@ann", mentions: [Self.bob], setOnline: true)
        let event = ChatEvent(.posted, to: .channel(Self.room), .posted(post, facts))
        return EventEncoder.frame(event, config: ChatConfig())
    }

    func render(_ f: EventFrame, seq: Int64, user: ID?) throws -> [String: Any] {
        let out = f.bytes(seq: seq, mentionedUser: user, admin: false)
        #expect(out.count == f.payloadLength(seq: seq, mentioned: user != nil, admin: false))
        return try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
    }

    @Test func lengthsMatchAndTheJSONHasMattermostsShape() throws {
        let f = postedFrame()
        for seq: Int64 in [0, 1, 9, 10, 99, 100, 12345, 9_999_999_999] {
            let plain = try render(f, seq: seq, user: nil)
            #expect(plain["seq"] as? Int64 == seq && plain["event"] as? String == "posted")
            let data = try #require(plain["data"] as? [String: Any])
            #expect(data["mentions"] == nil && data["channel_type"] as? String == "O" && data["set_online"] as? Bool == true)
            let post = try #require(try JSONSerialization.jsonObject(with: Data((data["post"] as! String).utf8)) as? [String: Any])
            #expect(post["message"] as? String == "hi \"@bob\"\n")
            let broadcast = try #require(plain["broadcast"] as? [String: Any])
            #expect(broadcast["channel_id"] as? String == Self.room.description && broadcast["omit_users"] is NSNull)
            let mentioned = try render(f, seq: seq, user: Self.bob)
            let m = try #require((mentioned["data"] as? [String: Any])?["mentions"] as? String)
            #expect(m == "[\"\(Self.bob)\"]")
        }
        #expect(f.isMentioned(Self.bob) && !f.isMentioned(Self.author))
    }

    @Test func typingIsEphemeralAndOmitsItsSender() throws {
        let e = ChatEvent(.typing, to: .channel(Self.room), broadcast: .init(channelID: Self.room, omitUser: Self.author),
                          .fields([("parent_id", .string("")), ("user_id", .string(Self.author.description))]))
        let f = EventEncoder.frame(e, config: ChatConfig())
        #expect(f.isEphemeral && f.omitUser == Self.author)
        let json = try render(f, seq: 3, user: nil)
        let omit = try #require((json["broadcast"] as? [String: Any])?["omit_users"] as? [String: Bool])
        #expect(omit == [Self.author.description: true])
    }

    @Test func userUpdatesHaveAnAdminVariant() throws {
        var user = User(id: Self.bob, createAt: 1, username: "bob", email: "bob@example.com", roles: "system_user", passwordPHC: "")
        user.firstName = "Bob"
        var config = ChatConfig()
        config.showEmailAddress = false
        let f = EventEncoder.frame(ChatEvent(.userUpdated, to: .everyone, .user(user)), config: config)
        let general = f.bytes(seq: 1, mentionedUser: nil, admin: false)
        let admin = f.bytes(seq: 1, mentionedUser: nil, admin: true)
        #expect(!String(decoding: general, as: UTF8.self).contains("bob@example.com"))
        #expect(String(decoding: admin, as: UTF8.self).contains("bob@example.com"))
        #expect(admin.count == f.payloadLength(seq: 1, mentioned: false, admin: true))
    }
}
