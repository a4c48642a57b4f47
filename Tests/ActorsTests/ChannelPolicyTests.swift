import Testing
@testable import Actors

/// The channel policy checked three ways: the whole cross product against an oracle written here as plain
/// "who may do what" rules (it never looks at a permission list, so a wrong default set shows up as a
/// disagreement), hand-written cases with their expected results spelled out literally, and role patches
/// that must change the outcome for plain members.
@Suite struct ChannelPolicyTests {
    /// The six kinds of caller the table covers. Team admins and system admins are NOT channel members
    /// here, so their rights come from their team or system roles alone.
    enum Who: CaseIterable, Sendable {
        case member, channelAdmin, teamAdmin, systemAdmin, teamUser, outsider

        var system: [String] {
            switch self {
            case .systemAdmin: return ["system_user", "system_admin"]
            case .member, .channelAdmin, .teamAdmin, .teamUser, .outsider: return ["system_user"]
            }
        }

        var team: [String]? {
            switch self {
            case .teamAdmin: return ["team_user", "team_admin"]
            case .member, .channelAdmin, .systemAdmin, .teamUser: return ["team_user"]
            case .outsider: return nil
            }
        }

        var channel: [String]? {
            switch self {
            case .member: return ["channel_user"]
            case .channelAdmin: return ["channel_user", "channel_admin"]
            case .teamAdmin, .systemAdmin, .teamUser, .outsider: return nil
            }
        }

        var isMember: Bool { channel != nil }
    }

    static let kinds: [Channel.Kind] = [.open, .privateChannel, .direct, .group]
    static let permissionID = "api.context.permissions.app_error"
    static let archivedID = "api.channel.archived.app_error"
    static let addTypeID = "api.channel.add_user_to_channel.type.app_error"
    static let removeTypeID = "api.channel.remove_user_from_channel.type.app_error"
    static let renameTypeID = "api.channel.patch_update_channel.forbidden.app_error"
    static let archiveTypeID = "api.channel.delete_channel.type.invalid"

    static func check(_ who: Who, _ action: ChannelAction, _ kind: Channel.Kind, archived: Bool = false,
                      townSquare: Bool = false, table: RoleTable = .defaults(at: 1)) -> ChatError? {
        ChannelPolicy.check(action, kind: kind, isArchived: archived, isTownSquare: townSquare,
                            isMember: who.isMember, system: who.system, team: who.team, channel: who.channel,
                            table: table)
    }

    // MARK: The oracle

    /// The expected error id (nil = allowed), from the rules of the guide and API-NOTES as prose.
    static func oracle(_ who: Who, _ action: ChannelAction, _ kind: Channel.Kind, archived: Bool) -> String? {
        let directOrGroup = kind == .direct || kind == .group
        let members: Set<Who> = [.member, .channelAdmin]
        let sees: Bool
        switch who {
        case .member, .channelAdmin: sees = true
        case .systemAdmin: sees = !directOrGroup
        case .teamAdmin, .teamUser: sees = kind == .open
        case .outsider: sees = false
        }
        if !sees { return permissionID }
        if archived, action != .read, action != .viewMembers { return archivedID }
        if directOrGroup, let id = directOrGroupID(action) { return id }
        let allowed: Set<Who>
        switch action {
        case .read, .viewMembers, .join: allowed = Set(Who.allCases)
        case .post, .react, .pin, .removeSelf: allowed = members
        case .editOwnPost, .addMember, .rename, .archive: allowed = members.union([.systemAdmin])
        case .deleteOwnPost: allowed = members.union([.systemAdmin, .teamAdmin])
        case .editOthersPost: allowed = [.systemAdmin]
        case .deleteOthersPost: allowed = [.teamAdmin, .systemAdmin]
        case .removeOther, .manageRoles: allowed = [.channelAdmin, .teamAdmin, .systemAdmin]
        case .setHeader: allowed = directOrGroup ? members : members.union([.systemAdmin])
        }
        return allowed.contains(who) ? nil : permissionID
    }

    static func directOrGroupID(_ action: ChannelAction) -> String? {
        switch action {
        case .join, .addMember: return addTypeID
        case .removeSelf, .removeOther: return removeTypeID
        case .rename: return renameTypeID
        case .archive: return archiveTypeID
        case .read, .post, .editOwnPost, .editOthersPost, .deleteOwnPost, .deleteOthersPost, .react, .pin,
             .setHeader, .manageRoles, .viewMembers:
            return nil
        }
    }

    @Test func everyRoleActionKindAndArchiveStateMatchesTheOracle() {
        var cases = 0
        for who in Who.allCases {
            for action in ChannelAction.allCases {
                for kind in Self.kinds {
                    for archived in [false, true] {
                        let got = Self.check(who, action, kind, archived: archived)?.id
                        let want = Self.oracle(who, action, kind, archived: archived)
                        #expect(got == want, "\(who) \(action) kind \(kind.rawValue) archived \(archived)")
                        cases += 1
                    }
                }
            }
        }
        #expect(cases == 6 * 17 * 4 * 2)
    }

    @Test func refusalsHaveTheKindTheirRuleSays() {
        #expect(Self.check(.member, .post, .open, archived: true)?.kind == .forbidden)
        #expect(Self.check(.member, .join, .direct)?.kind == .badRequest)
        #expect(Self.check(.teamUser, .read, .privateChannel)?.kind == .forbidden)
        #expect(Self.check(.member, .removeSelf, .open, townSquare: true)?.kind == .badRequest)
    }
}

// MARK: - Hand-written cases

extension ChannelPolicyTests {
    struct Spot: Sendable, CustomTestStringConvertible {
        var who: Who
        var action: ChannelAction
        var kind: Channel.Kind
        var archived = false
        var expected: String?

        var testDescription: String { "\(who) \(action) \(kind.rawValue)\(archived ? " archived" : "")" }
    }

    static let denied = "api.context.permissions.app_error"

    /// Each expectation written out, not computed: these are the sentences of the guide and API-NOTES.
    static let spots: [Spot] = [
        Spot(who: .member, action: .post, kind: .open, expected: nil),
        Spot(who: .teamUser, action: .post, kind: .open, expected: denied),
        Spot(who: .teamUser, action: .read, kind: .open, expected: nil),
        Spot(who: .outsider, action: .read, kind: .open, expected: denied),
        Spot(who: .teamUser, action: .read, kind: .privateChannel, expected: denied),
        Spot(who: .teamAdmin, action: .read, kind: .privateChannel, expected: denied),
        Spot(who: .systemAdmin, action: .read, kind: .privateChannel, expected: nil),
        Spot(who: .systemAdmin, action: .join, kind: .privateChannel, expected: nil),
        Spot(who: .teamUser, action: .join, kind: .privateChannel, expected: denied),
        Spot(who: .systemAdmin, action: .read, kind: .direct, expected: denied),
        Spot(who: .systemAdmin, action: .read, kind: .group, expected: denied),
        Spot(who: .member, action: .read, kind: .direct, expected: nil),
        Spot(who: .member, action: .setHeader, kind: .direct, expected: nil),
        Spot(who: .member, action: .rename, kind: .direct,
             expected: "api.channel.patch_update_channel.forbidden.app_error"),
        Spot(who: .member, action: .join, kind: .group, expected: "api.channel.add_user_to_channel.type.app_error"),
        Spot(who: .member, action: .addMember, kind: .direct,
             expected: "api.channel.add_user_to_channel.type.app_error"),
        Spot(who: .member, action: .removeSelf, kind: .direct,
             expected: "api.channel.remove_user_from_channel.type.app_error"),
        Spot(who: .member, action: .archive, kind: .group, expected: "api.channel.delete_channel.type.invalid"),
        Spot(who: .member, action: .post, kind: .open, archived: true, expected: "api.channel.archived.app_error"),
        Spot(who: .member, action: .read, kind: .open, archived: true, expected: nil),
        Spot(who: .member, action: .viewMembers, kind: .privateChannel, archived: true, expected: nil),
        Spot(who: .channelAdmin, action: .removeOther, kind: .privateChannel, archived: true,
             expected: "api.channel.archived.app_error"),
        Spot(who: .teamUser, action: .read, kind: .privateChannel, archived: true, expected: denied),
        Spot(who: .member, action: .removeOther, kind: .open, expected: denied),
        Spot(who: .member, action: .removeOther, kind: .privateChannel, expected: denied),
        Spot(who: .channelAdmin, action: .removeOther, kind: .open, expected: nil),
        Spot(who: .teamAdmin, action: .removeOther, kind: .open, expected: nil),
        Spot(who: .teamAdmin, action: .removeOther, kind: .privateChannel, expected: denied),
        Spot(who: .systemAdmin, action: .removeOther, kind: .privateChannel, expected: nil),
        Spot(who: .member, action: .addMember, kind: .privateChannel, expected: nil),
        Spot(who: .teamUser, action: .addMember, kind: .open, expected: denied),
        Spot(who: .systemAdmin, action: .addMember, kind: .open, expected: nil),
        Spot(who: .member, action: .manageRoles, kind: .open, expected: denied),
        Spot(who: .channelAdmin, action: .manageRoles, kind: .privateChannel, expected: nil),
        Spot(who: .teamAdmin, action: .manageRoles, kind: .open, expected: nil),
        Spot(who: .member, action: .editOthersPost, kind: .open, expected: denied),
        Spot(who: .teamAdmin, action: .deleteOthersPost, kind: .open, expected: nil),
        Spot(who: .teamAdmin, action: .editOthersPost, kind: .open, expected: denied),
        Spot(who: .systemAdmin, action: .editOthersPost, kind: .open, expected: nil),
        Spot(who: .member, action: .deleteOthersPost, kind: .direct, expected: denied),
        Spot(who: .member, action: .pin, kind: .privateChannel, expected: nil),
        Spot(who: .teamUser, action: .pin, kind: .open, expected: denied),
        Spot(who: .systemAdmin, action: .post, kind: .open, expected: denied),
        Spot(who: .member, action: .removeSelf, kind: .privateChannel, expected: nil),
        Spot(who: .teamUser, action: .removeSelf, kind: .open, expected: denied),
        Spot(who: .member, action: .archive, kind: .privateChannel, expected: nil),
        Spot(who: .member, action: .rename, kind: .open, expected: nil),
        Spot(who: .teamUser, action: .rename, kind: .open, expected: denied),
        Spot(who: .teamUser, action: .join, kind: .open, expected: nil),
        Spot(who: .outsider, action: .join, kind: .open, expected: denied),
        Spot(who: .member, action: .react, kind: .group, expected: nil),
        Spot(who: .channelAdmin, action: .manageRoles, kind: .direct, expected: nil),
    ]

    @Test(arguments: spots) func handWrittenCase(_ spot: Spot) {
        let got = Self.check(spot.who, spot.action, spot.kind, archived: spot.archived)
        #expect(got?.id == spot.expected)
    }

    @Test func aSystemAdminOutsideTheTeamMayReadAPublicChannelButNotJoinIt() {
        let system = ["system_user", "system_admin"], table = RoleTable.defaults(at: 1)
        let read = ChannelPolicy.check(.read, kind: .open, isArchived: false, isTownSquare: false, isMember: false,
                                       system: system, team: nil, channel: nil, table: table)
        let join = ChannelPolicy.check(.join, kind: .open, isArchived: false, isTownSquare: false, isMember: false,
                                       system: system, team: nil, channel: nil, table: table)
        #expect(read == nil)
        #expect(join?.id == Self.denied)
    }

    @Test func channelRolesOfANonMemberCountForNothing() {
        let got = ChannelPolicy.check(.rename, kind: .open, isArchived: false, isTownSquare: false, isMember: false,
                                      system: ["system_user"], team: ["team_user"],
                                      channel: ["channel_user", "channel_admin"], table: .defaults(at: 1))
        #expect(got?.id == Self.denied)
    }

    @Test func teamRolesCountForNothingInADirectMessage() {
        let got = ChannelPolicy.check(.deleteOthersPost, kind: .direct, isArchived: false, isTownSquare: false,
                                      isMember: true, system: ["system_user"], team: ["team_user", "team_admin"],
                                      channel: ["channel_user"], table: .defaults(at: 1))
        #expect(got?.id == Self.denied)
    }
}

// MARK: - Town-square

extension ChannelPolicyTests {
    @Test func nobodyLeavesOrIsRemovedFromTownSquare() {
        let refused = "api.channel.remove.default.app_error"
        for who in [Who.member, .channelAdmin] {
            #expect(Self.check(who, .removeSelf, .open, townSquare: true)?.id == refused)
        }
        for who in [Who.channelAdmin, .teamAdmin, .systemAdmin] {
            #expect(Self.check(who, .removeOther, .open, townSquare: true)?.id == refused)
        }
    }

    @Test func townSquareKeepsItsNameAndIsNeverArchived() {
        let renameRefused = "api.channel.update_channel.tried.app_error"
        let archiveRefused = "api.channel.delete_channel.cannot.app_error"
        for who in [Who.member, .channelAdmin, .systemAdmin] {
            #expect(Self.check(who, .rename, .open, townSquare: true)?.id == renameRefused)
            #expect(Self.check(who, .archive, .open, townSquare: true)?.id == archiveRefused)
        }
    }

    @Test func townSquareOtherwiseBehavesLikeAnyPublicChannel() {
        #expect(Self.check(.member, .setHeader, .open, townSquare: true) == nil)
        #expect(Self.check(.member, .post, .open, townSquare: true) == nil)
        #expect(Self.check(.teamUser, .join, .open, townSquare: true) == nil)
        #expect(Self.check(.member, .addMember, .open, townSquare: true) == nil)
        #expect(Self.check(.outsider, .read, .open, townSquare: true)?.id == Self.denied)
    }

    @Test func aTownSquareRefusalComesAfterVisibility() {
        #expect(Self.check(.outsider, .rename, .open, townSquare: true)?.id == Self.denied)
    }
}

// MARK: - Patched roles

extension ChannelPolicyTests {
    static func table(removing permission: Permission, from roleName: String) throws -> RoleTable {
        var table = RoleTable.defaults(at: 1)
        let role = try #require(table.role(named: roleName))
        try table.patch(roleID: role.id, permissions: role.permissions.filter { $0 != permission.rawValue }, at: 2)
        return table
    }

    @Test func withoutManagePublicChannelPropertiesMembersCannotRenamePublicChannels() throws {
        let table = try Self.table(removing: .managePublicChannelProperties, from: "channel_user")
        #expect(Self.check(.member, .rename, .open, table: table)?.id == Self.denied)
        #expect(Self.check(.member, .setHeader, .open, table: table)?.id == Self.denied)
        // Private channels have their own permission, and channel admins keep theirs.
        #expect(Self.check(.member, .rename, .privateChannel, table: table) == nil)
        #expect(Self.check(.channelAdmin, .rename, .open, table: table) == nil)
        #expect(Self.check(.systemAdmin, .rename, .open, table: table) == nil)
    }

    @Test func withoutCreatePostMembersCannotPostOrPin() throws {
        let table = try Self.table(removing: .createPost, from: "channel_user")
        #expect(Self.check(.member, .post, .open, table: table)?.id == Self.denied)
        #expect(Self.check(.member, .pin, .direct, table: table)?.id == Self.denied)
        #expect(Self.check(.member, .react, .open, table: table) == nil)
        #expect(Self.check(.channelAdmin, .post, .open, table: table) == nil)
    }

    @Test func withoutDeletePrivateChannelMembersCannotArchivePrivateChannels() throws {
        let table = try Self.table(removing: .deletePrivateChannel, from: "channel_user")
        #expect(Self.check(.member, .archive, .privateChannel, table: table)?.id == Self.denied)
        #expect(Self.check(.member, .archive, .open, table: table) == nil)
    }

    @Test func withoutManagePrivateChannelMembersMembersCannotAdd() throws {
        let table = try Self.table(removing: .managePrivateChannelMembers, from: "channel_user")
        #expect(Self.check(.member, .addMember, .privateChannel, table: table)?.id == Self.denied)
        #expect(Self.check(.member, .removeSelf, .privateChannel, table: table) == nil)
    }

    @Test func withoutJoinOrReadPublicChannelsTeamUsersStayOutside() throws {
        let noJoin = try Self.table(removing: .joinPublicChannels, from: "team_user")
        #expect(Self.check(.teamUser, .join, .open, table: noJoin)?.id == Self.denied)
        let noRead = try Self.table(removing: .readPublicChannel, from: "team_user")
        #expect(Self.check(.teamUser, .read, .open, table: noRead)?.id == Self.denied)
        #expect(Self.check(.member, .read, .open, table: noRead) == nil)
    }

    @Test func withoutCreatePublicChannelTeamUsersCannotCreateOne() throws {
        let table = try Self.table(removing: .createPublicChannel, from: "team_user")
        let has = { (p: Permission, system: [String], team: [String]) in
            PermissionEvaluator.has(p, system: system, team: team, channel: nil, table: table)
        }
        #expect(!has(.createPublicChannel, ["system_user"], ["team_user"]))
        #expect(!has(.createPublicChannel, ["system_user"], ["team_user", "team_admin"]))
        #expect(has(.createPrivateChannel, ["system_user"], ["team_user"]))
        #expect(has(.createPublicChannel, ["system_user", "system_admin"], ["team_user"]))
    }

    @Test func withoutRemoveOthersInChannelAdminOnlyTeamAndSystemAdminsRemove() throws {
        let table = try Self.table(removing: .removeOthersFromChannel, from: "channel_admin")
        #expect(Self.check(.channelAdmin, .removeOther, .open, table: table)?.id == Self.denied)
        #expect(Self.check(.teamAdmin, .removeOther, .open, table: table) == nil)
        #expect(Self.check(.systemAdmin, .removeOther, .open, table: table) == nil)
    }
}
