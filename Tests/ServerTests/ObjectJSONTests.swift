import Actors
import Testing
@testable import Server

/// Each encoder's output is parsed back with JSONParser and checked against API-NOTES §2: every key
/// present, with the JSON type clients expect, in the Go model's order.
@Suite struct ObjectJSONTests {
    enum Kind: Equatable {
        case string, int, double, bool, null, object, array

        init(_ value: JSONValue) {
            switch value {
            case .string: self = .string
            case .int: self = .int
            case .double: self = .double
            case .bool: self = .bool
            case .null: self = .null
            case .object: self = .object
            case .array: self = .array
            }
        }
    }

    static let uid = ID(high: 1, low: 2)
    static let otherID = ID(high: 3, low: 4)
    static let channelID = ID(high: 5, low: 6)
    static let teamID = ID(high: 7, low: 8)
    static let secretHash = "$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$SECRETHASHVALUE"

    /// Parses the bytes, checks each key's type and that the keys appear in the given order.
    @discardableResult
    private func check(_ bytes: [UInt8], _ expected: KeyValuePairs<String, Kind>) throws -> JSONValue {
        let value = try JSONParser.parse(bytes)
        let members = try #require(value.object)
        for (name, kind) in expected {
            let member = try #require(members[name], "missing key \(name)")
            #expect(Kind(member) == kind, "\(name) is \(member), expected \(kind)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let offsets = expected.map { text.firstRange(of: "\"\($0.key)\":")?.lowerBound }
        let present = offsets.compactMap { $0 }
        #expect(present == present.sorted(), "keys out of order in \(text)")
        return value
    }

    private func sampleUser() -> User {
        var user = User(
            id: Self.uid, createAt: 1_000, username: "alice", email: "alice@example.com", roles: "system_user",
            passwordPHC: Self.secretHash)
        user.firstName = "Alice"
        user.lastName = "Liddell"
        user.failedAttempts = 2
        user.props = ["customStatus": "{}"]
        return user
    }

    static let userKeys: KeyValuePairs<String, Kind> = [
        "id": .string, "create_at": .int, "update_at": .int, "delete_at": .int, "username": .string,
        "auth_service": .string, "email": .string, "email_verified": .bool, "nickname": .string,
        "first_name": .string, "last_name": .string, "position": .string, "roles": .string, "props": .object,
        "last_picture_update": .int, "locale": .string, "timezone": .object,
    ]

    @Test func ownUserHasEverythingButTheHash() throws {
        var writer = JSONWriter()
        writer.user(sampleUser(), audience: .own)
        let value = try check(writer.bytes, Self.userKeys)
        try check(writer.bytes, ["auth_data": .string, "notify_props": .object, "last_password_update": .int])
        #expect(value["email"]?.string == "alice@example.com")
        #expect(value["first_name"]?.string == "Alice")
        #expect(value["roles"]?.string == "system_user")
        #expect(value["notify_props"]?.stringMap() == User.defaultNotifyProps)
        #expect(value["timezone"]?.stringMap() == User.defaultTimezone)
        #expect(value["failed_attempts"] == nil)
        #expect(value["is_bot"] == nil)
        #expect(!String(decoding: writer.bytes, as: UTF8.self).contains("SECRETHASH"))
    }

    @Test func adminSeesCountersButNotNotifyProps() throws {
        var writer = JSONWriter()
        writer.user(sampleUser(), audience: .admin)
        let value = try check(writer.bytes, Self.userKeys)
        #expect(value["failed_attempts"]?.int64 == 2)
        #expect(value["last_password_update"]?.int64 == 1_000)
        #expect(value["notify_props"] == nil)
        #expect(value["email"]?.string == "alice@example.com")
    }

    @Test(arguments: [false, true])
    func otherAudienceIsSanitized(showFullName: Bool) throws {
        var writer = JSONWriter()
        writer.user(sampleUser(), audience: .other(showEmail: false, showFullName: showFullName))
        let value = try check(writer.bytes, Self.userKeys)
        #expect(value["email"]?.string == "")
        #expect(value["first_name"]?.string == (showFullName ? "Alice" : ""))
        #expect(value["last_name"]?.string == (showFullName ? "Liddell" : ""))
        for hidden in ["notify_props", "auth_data", "last_password_update", "failed_attempts"] {
            #expect(value[hidden] == nil, "\(hidden) leaked to another user")
        }
        #expect(!String(decoding: writer.bytes, as: UTF8.self).contains("SECRETHASH"))
        var shown = JSONWriter()
        shown.user(sampleUser(), audience: .other(showEmail: true, showFullName: false))
        #expect(try JSONParser.parse(shown.bytes)["email"]?.string == "alice@example.com")
    }

    @Test func emptyUserPropsAreOmitted() throws {
        var user = sampleUser()
        user.props = [:]
        var writer = JSONWriter()
        writer.user(user, audience: .own)
        #expect(try JSONParser.parse(writer.bytes)["props"] == nil)
    }

    @Test func sessionBlanksTokenAndCSRF() throws {
        var session = Session(id: Self.otherID, token: "tok-secret", userID: Self.uid, createAt: 5, expiresAt: 9, csrfToken: "csrf-secret")
        session.props = ["platform": "Linux", "csrf": "csrf-secret"]
        var writer = JSONWriter()
        writer.session(session, roles: "system_user")
        let value = try check(writer.bytes, [
            "id": .string, "token": .string, "create_at": .int, "expires_at": .int, "last_activity_at": .int,
            "user_id": .string, "device_id": .string, "roles": .string, "is_oauth": .bool, "expired_notify": .bool,
            "props": .object, "team_members": .array, "local": .bool,
        ])
        #expect(value["token"]?.string == "")
        #expect(value["props"]?["csrf"]?.string == "")
        #expect(value["props"]?["platform"]?.string == "Linux")
        #expect(!String(decoding: writer.bytes, as: UTF8.self).contains("secret"))
    }

    static let teamKeys: KeyValuePairs<String, Kind> = [
        "id": .string, "create_at": .int, "update_at": .int, "delete_at": .int, "display_name": .string,
        "name": .string, "description": .string, "email": .string, "type": .string, "company_name": .string,
        "allowed_domains": .string, "invite_id": .string, "allow_open_invite": .bool, "scheme_id": .null,
        "group_constrained": .null, "policy_id": .null, "last_team_icon_update": .int, "cloud_limits_archived": .bool,
    ]

    @Test(arguments: [false, true])
    func team(sanitized: Bool) throws {
        var team = Team(id: Self.teamID, createAt: 10, name: "core", displayName: "Core", inviteID: Self.otherID, allowOpenInvite: true)
        team.email = "team@example.com"
        team.lastTeamIconUpdate = 77
        var writer = JSONWriter()
        writer.team(team, sanitized: sanitized)
        let value = try check(writer.bytes, Self.teamKeys)
        #expect(value["type"]?.string == "O")
        #expect(value["email"]?.string == (sanitized ? "" : "team@example.com"))
        #expect(value["invite_id"]?.string == (sanitized ? "" : Self.otherID.description))
    }

    @Test func teamMember() throws {
        var writer = JSONWriter()
        writer.teamMember(TeamMember(teamID: Self.teamID, userID: Self.uid, schemeAdmin: true))
        let value = try check(writer.bytes, [
            "team_id": .string, "user_id": .string, "roles": .string, "delete_at": .int, "scheme_guest": .bool,
            "scheme_user": .bool, "scheme_admin": .bool, "explicit_roles": .string,
        ])
        #expect(value["roles"]?.string == "team_user team_admin")
        #expect(value["scheme_user"]?.bool == true)
        #expect(value["scheme_guest"]?.bool == false)
    }

    @Test(arguments: [Channel.Kind.open, .privateChannel, .direct, .group])
    func channel(kind: Channel.Kind) throws {
        let teamID: ID? = (kind == .direct || kind == .group) ? nil : Self.teamID
        let channel = Channel(id: Self.channelID, teamID: teamID, kind: kind, createAt: 3, name: "n", displayName: "N", creatorID: Self.uid)
        var writer = JSONWriter()
        writer.channel(channel)
        let value = try check(writer.bytes, [
            "id": .string, "create_at": .int, "update_at": .int, "delete_at": .int, "team_id": .string, "type": .string,
            "display_name": .string, "name": .string, "header": .string, "purpose": .string, "last_post_at": .int,
            "total_msg_count": .int, "extra_update_at": .int, "creator_id": .string, "scheme_id": .null, "props": .null,
            "group_constrained": .null, "shared": .null, "total_msg_count_root": .int, "policy_id": .null,
            "last_root_post_at": .int,
        ])
        #expect(value["type"]?.string == kind.rawValue)
        #expect(value["team_id"]?.string == (teamID?.description ?? ""))
    }

    @Test func channelMember() throws {
        var writer = JSONWriter()
        writer.channelMember(ChannelMember(channelID: Self.channelID, userID: Self.uid, schemeAdmin: false, at: 4))
        let value = try check(writer.bytes, [
            "channel_id": .string, "user_id": .string, "roles": .string, "last_viewed_at": .int, "msg_count": .int,
            "mention_count": .int, "mention_count_root": .int, "urgent_mention_count": .int, "msg_count_root": .int,
            "notify_props": .object, "last_update_at": .int, "scheme_guest": .bool, "scheme_user": .bool,
            "scheme_admin": .bool, "explicit_roles": .string,
        ])
        #expect(value["notify_props"]?.stringMap() == ChannelMember.defaultNotifyProps)
        #expect(value["roles"]?.string == "channel_user")
    }

    static let postKeys: KeyValuePairs<String, Kind> = [
        "id": .string, "create_at": .int, "update_at": .int, "edit_at": .int, "delete_at": .int, "is_pinned": .bool,
        "user_id": .string, "channel_id": .string, "root_id": .string, "original_id": .string, "message": .string,
        "type": .string, "props": .object, "hashtags": .string, "file_ids": .array, "pending_post_id": .string,
        "reply_count": .int, "last_reply_at": .int, "participants": .null, "metadata": .object,
    ]

    private func samplePost(id: ID = ID(high: 9, low: 9), root: ID? = nil, reactions: Bool = false) -> Post {
        var post = Post(id: id, createAt: 50, userID: Self.uid, channelID: Self.channelID, rootID: root, message: "hi \"there\"\n")
        post.props = Array(#"{"from_webhook":"true","attachments":[{"text":"x"}]}"#.utf8)
        post.pendingPostID = "\(Self.uid):49"
        post.fileIDs = [Self.otherID]
        if reactions { post.reactions = [Reaction(userID: Self.uid, postID: id, emojiName: "+1", createAt: 60)] }
        return post
    }

    @Test func postWithoutReactions() throws {
        var writer = JSONWriter()
        writer.post(samplePost())
        let value = try check(writer.bytes, Self.postKeys)
        #expect(value["root_id"]?.string == "")
        #expect(value["message"]?.string == "hi \"there\"\n")
        #expect(value["pending_post_id"]?.string == "\(Self.uid):49")
        #expect(value["props"]?["from_webhook"]?.string == "true")
        #expect(value["file_ids"]?.array == [.string(Self.otherID.description)])
        #expect(value["has_reactions"] == nil)
        let metadata = try #require(value["metadata"])
        #expect(metadata["files"] == .array([]))
        #expect(metadata["embeds"] == .array([]))
        #expect(metadata["images"] == .object([:]))
        #expect(metadata["reactions"] == nil)
    }

    @Test func postWithReactionsFillsMetadata() throws {
        var writer = JSONWriter()
        writer.post(samplePost(root: Self.otherID, reactions: true))
        let value = try check(writer.bytes, Self.postKeys)
        #expect(value["has_reactions"]?.bool == true)
        #expect(value["root_id"]?.string == Self.otherID.description)
        let reaction = try #require(value["metadata"]?["reactions"]?.array?.first)
        #expect(reaction["emoji_name"]?.string == "+1")
        #expect(reaction["channel_id"]?.string == Self.channelID.description)
    }

    @Test func postListKeepsOrderAndWritesEachPostOnce() throws {
        let root = samplePost(id: ID(high: 1, low: 1))
        let reply = samplePost(id: ID(high: 2, low: 2), root: root.id)
        var writer = JSONWriter()
        writer.postList(order: [reply, root], extra: [root], prevPostID: "p", hasNext: true)
        let value = try check(writer.bytes, [
            "order": .array, "posts": .object, "next_post_id": .string, "prev_post_id": .string, "has_next": .bool,
        ])
        #expect(value["order"]?.array == [.string(reply.id.description), .string(root.id.description)])
        #expect(value["posts"]?.object?.count == 2)
        #expect(value["posts"]?[root.id.description]?["id"]?.string == root.id.description)
        #expect(value["prev_post_id"]?.string == "p")
        #expect(value["has_next"]?.bool == true)
    }

    @Test func reaction() throws {
        var writer = JSONWriter()
        writer.reaction(Reaction(userID: Self.uid, postID: Self.otherID, emojiName: "smile", createAt: 8), channelID: Self.channelID)
        let value = try check(writer.bytes, [
            "user_id": .string, "post_id": .string, "emoji_name": .string, "create_at": .int, "update_at": .int,
            "delete_at": .int, "remote_id": .string, "channel_id": .string,
        ])
        #expect(value["update_at"]?.int64 == 8)
    }

    @Test func preference() throws {
        var writer = JSONWriter()
        writer.preference(userID: Self.uid, key: PreferenceKey(category: "theme", name: ""), value: ##"{"sidebarBg":"#fff"}"##)
        let value = try check(writer.bytes, ["user_id": .string, "category": .string, "name": .string, "value": .string])
        #expect(value["value"]?.string == ##"{"sidebarBg":"#fff"}"##)
    }

    @Test func status() throws {
        var status = Status(userID: Self.uid, status: "dnd", manual: true, lastActivityAt: 12)
        status.dndEndTime = 1_700_000_000
        var writer = JSONWriter()
        writer.status(status)
        let value = try check(writer.bytes, [
            "user_id": .string, "status": .string, "manual": .bool, "last_activity_at": .int, "dnd_end_time": .int,
        ])
        #expect(value["active_channel"] == nil)
        #expect(value["dnd_end_time"]?.int64 == 1_700_000_000)
    }

    @Test func appErrorBody() throws {
        var writer = JSONWriter()
        writer.appErrorBody(id: "api.x", message: "No \"way\".", detailedError: "", requestID: "r", statusCode: 403)
        let value = try check(writer.bytes, [
            "id": .string, "message": .string, "detailed_error": .string, "request_id": .string, "status_code": .int,
        ])
        #expect(value["status_code"]?.int64 == 403)
        #expect(value["message"]?.string == "No \"way\".")
    }
}
