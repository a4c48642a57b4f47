import Testing
@testable import Actors

@Suite struct RoleTableTests {
    static let builtInNames = [
        "channel_admin", "channel_guest", "channel_user", "system_admin", "system_guest", "system_user",
        "team_admin", "team_guest", "team_user",
    ]

    /// API-NOTES §3, row by row, written out as the API spells the ids.
    static let section3: [String: [String]] = [
        "system_user": ["list_public_teams", "join_public_teams", "create_direct_channel", "create_group_channel",
                        "view_members", "create_team", "create_custom_group", "manage_custom_group_members"],
        "system_admin": ["manage_system", "manage_roles", "edit_other_users", "manage_team", "delete_others_posts",
                         "edit_others_posts", "read_private_channel", "remove_others_from_channel"],
        "system_guest": ["create_direct_channel", "create_group_channel"],
        "team_user": ["list_team_channels", "join_public_channels", "read_public_channel", "view_team",
                      "create_public_channel", "create_private_channel", "invite_user", "add_user_to_team"],
        "team_admin": ["remove_user_from_team", "manage_team", "import_team", "manage_team_roles",
                       "manage_channel_roles", "manage_incoming_webhooks", "manage_outgoing_webhooks",
                       "manage_others_incoming_webhooks", "manage_others_outgoing_webhooks", "manage_slash_commands",
                       "manage_others_slash_commands", "convert_public_channel_to_private",
                       "convert_private_channel_to_public", "delete_post", "delete_others_posts",
                       "remove_others_from_channel"],
        "channel_user": ["read_channel", "add_reaction", "remove_reaction", "manage_public_channel_members",
                         "manage_private_channel_members", "upload_file", "get_public_link", "create_post",
                         "edit_post", "delete_post", "use_channel_mentions", "use_slash_commands",
                         "manage_public_channel_properties", "manage_private_channel_properties",
                         "delete_public_channel", "delete_private_channel"],
        "channel_admin": ["manage_channel_roles", "use_group_mentions", "remove_others_from_channel",
                          "read_channel", "create_post", "manage_public_channel_properties"],
        "channel_guest": ["read_channel", "create_post", "add_reaction", "remove_reaction", "upload_file"],
        "team_guest": ["view_team"],
    ]

    @Test func defaultsHoldTheNineBuiltInRoles() {
        let table = RoleTable.defaults(at: 7)
        #expect(table.all.map(\.name) == Self.builtInNames)
        for role in table.all {
            #expect(role.builtIn && role.schemeManaged)
            #expect(role.createAt == 7 && role.updateAt == 7 && role.deleteAt == 0)
            #expect(!role.displayName.isEmpty)
        }
    }

    @Test func defaultsGrantEverySection3Id() throws {
        let table = RoleTable.defaults(at: 1)
        for (name, ids) in Self.section3 {
            let role = try #require(table.role(named: name))
            for id in ids { #expect(role.permissions.contains(id), "\(name) lacks \(id)") }
        }
    }

    @Test func plainMembersCannotRemoveOthersOrManageRoles() throws {
        let table = RoleTable.defaults(at: 1)
        let user = try #require(table.role(named: "channel_user"))
        #expect(!user.grants(.removeOthersFromChannel))
        #expect(!user.grants(.manageChannelRoles))
        #expect(!user.grants(.editOthersPosts))
        let teamUser = try #require(table.role(named: "team_user"))
        #expect(!teamUser.grants(.manageTeam))
        #expect(!teamUser.grants(.deleteOthersPosts))
    }

    @Test func systemAdminHoldsEveryPermissionAndChannelAdminEverythingAMemberHas() throws {
        let table = RoleTable.defaults(at: 1)
        let admin = try #require(table.role(named: "system_admin"))
        #expect(admin.permissions == Permission.allCases.map(\.rawValue).sorted())
        let user = try #require(table.role(named: "channel_user"))
        let channelAdmin = try #require(table.role(named: "channel_admin"))
        #expect(Set(user.permissions).isSubset(of: channelAdmin.permissions))
    }

    @Test func permissionListsAreSortedAndUnique() {
        for role in RoleTable.defaults(at: 1).all {
            #expect(role.permissions == Array(Set(role.permissions)).sorted(), "\(role.name)")
        }
        let role = Role(id: .zero, name: "x", displayName: "X", description: "", permissions: ["b", "a", "b"],
                        schemeManaged: false, builtIn: false, createAt: 0, updateAt: 0)
        #expect(role.permissions == ["a", "b"])
    }

    @Test func permissionIdsAreUnique() {
        #expect(Set(Permission.allCases.map(\.rawValue)).count == Permission.allCases.count)
        #expect(Permission.removeOthersFromChannel.rawValue == "remove_others_from_channel")
    }

    @Test func idsAreStableDistinctAndFindable() throws {
        let early = RoleTable.defaults(at: 1), late = RoleTable.defaults(at: 99)
        #expect(early.all.map(\.id) == late.all.map(\.id))
        #expect(Set(early.all.map(\.id)).count == Self.builtInNames.count)
        for role in early.all { #expect(early.role(id: role.id)?.name == role.name) }
        #expect(early.role(id: .zero) == nil)
        // Pinned text, so a change to the derivation (which would break clients' cached ids) fails here.
        let systemUser = try #require(early.role(named: "system_user"))
        #expect(systemUser.id == RoleTable.stableID(forRoleNamed: "system_user"))
        #expect(systemUser.id.description == Self.pinnedSystemUserID)
        #expect(ID(systemUser.id.description) == systemUser.id)
    }

    static let pinnedSystemUserID = "356n8z8kz3rows5j37k5z7d7xh"

    @Test func unknownRoleNamesAreAbsent() {
        #expect(RoleTable.defaults(at: 1).role(named: "channel_owner") == nil)
    }
}

// MARK: - Codec

extension RoleTableTests {
    static func encoded(_ table: RoleTable) -> [UInt8] {
        var w = ByteWriter()
        table.encode(into: &w)
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(ChatError) -> RoleTable {
        var r = ByteReader(bytes)
        let table = try RoleTable(from: &r)
        #expect(r.isAtEnd)
        return table
    }

    @Test func defaultsRoundTrip() throws {
        let table = RoleTable.defaults(at: 1_700_000_000_000)
        #expect(try Self.decode(Self.encoded(table)) == table)
    }

    @Test func aPatchedTableRoundTripsWithItsPatch() throws {
        var table = RoleTable.defaults(at: 1)
        let user = try #require(table.role(named: "channel_user"))
        try table.patch(roleID: user.id, permissions: ["read_channel", "create_post"], at: 5)
        let decoded = try Self.decode(Self.encoded(table))
        #expect(decoded == table)
        #expect(decoded.role(named: "channel_user")?.permissions == ["create_post", "read_channel"])
        #expect(decoded.role(named: "channel_user")?.updateAt == 5)
    }

    @Test func equalTablesEncodeToEqualBytes() {
        #expect(Self.encoded(.defaults(at: 3)) == Self.encoded(.defaults(at: 3)))
    }

    @Test func everyTruncationIsRefusedAsCorrupt() {
        let bytes = Self.encoded(.defaults(at: 1))
        for length in stride(from: 0, to: bytes.count, by: 37) {
            #expect(throws: ChatError.self) { try Self.decode(Array(bytes[..<length])) }
        }
    }

    @Test func anUnknownVersionIsRefused() {
        var bytes = Self.encoded(.defaults(at: 1))
        bytes[0] = 2
        #expect { try Self.decode(bytes) } throws: { ($0 as? ChatError)?.kind == .corrupt }
    }

    @Test func aRoleNamedTwiceIsRefused() {
        let role = Role(id: .zero, name: "twice", displayName: "", description: "", permissions: [],
                        schemeManaged: true, builtIn: true, createAt: 0, updateAt: 0)
        var w = ByteWriter()
        w.write(RoleTable.formatVersion); w.write(UInt32(2))
        role.encode(into: &w); role.encode(into: &w)
        #expect(throws: ChatError.self) { try Self.decode(w.bytes) }
    }

    @Test func anUnsortedPermissionListIsRefused() {
        var w = ByteWriter()
        w.write(UInt8(1)); w.write(UInt32(1))
        w.write(ID.zero); w.write("r"); w.write(""); w.write(""); w.write(["b", "a"])
        w.write(true); w.write(true); w.write(Int64(0)); w.write(Int64(0)); w.write(Int64(0))
        #expect(throws: ChatError.self) { try Self.decode(w.bytes) }
    }
}

// MARK: - Patch validation

extension RoleTableTests {
    @Test func patchReplacesThePermissionsAndStampsTheTime() throws {
        var table = RoleTable.defaults(at: 1)
        let role = try #require(table.role(named: "team_user"))
        try table.patch(roleID: role.id, permissions: ["view_team", "view_team", "list_team_channels"], at: 9)
        let patched = try #require(table.role(id: role.id))
        #expect(patched.permissions == ["list_team_channels", "view_team"])
        #expect(patched.updateAt == 9 && patched.createAt == 1)
        #expect(patched.id == role.id && patched.name == role.name)
    }

    @Test func anUnknownRoleIsNotFound() {
        var table = RoleTable.defaults(at: 1)
        #expect { try table.patch(roleID: .zero, permissions: [], at: 2) } throws: {
            ($0 as? ChatError)?.kind == .notFound
        }
    }

    @Test func anUnknownPermissionIsABadRequestAndChangesNothing() throws {
        var table = RoleTable.defaults(at: 1)
        let before = table
        let role = try #require(table.role(named: "channel_user"))
        #expect { try table.patch(roleID: role.id, permissions: ["read_channel", "fly"], at: 2) } throws: {
            ($0 as? ChatError)?.kind == .badRequest
        }
        #expect(table == before)
    }

    @Test func systemAdminCannotLoseManageSystem() throws {
        var table = RoleTable.defaults(at: 1)
        let admin = try #require(table.role(named: "system_admin"))
        #expect { try table.patch(roleID: admin.id, permissions: ["manage_roles"], at: 2) } throws: {
            ($0 as? ChatError)?.kind == .badRequest
        }
        try table.patch(roleID: admin.id, permissions: ["manage_system"], at: 3)
        #expect(table.role(id: admin.id)?.permissions == ["manage_system"])
        // Whatever its stored list says, system_admin still implies everything.
        #expect(PermissionEvaluator.has(.deleteOthersPosts, system: ["system_admin"], team: nil, channel: nil,
                                        table: table))
    }

    @Test func otherRolesMayBeEmptied() throws {
        var table = RoleTable.defaults(at: 1)
        let guest = try #require(table.role(named: "channel_guest"))
        try table.patch(roleID: guest.id, permissions: [], at: 2)
        #expect(table.role(id: guest.id)?.permissions == [])
    }
}

// MARK: - Evaluator

extension RoleTableTests {
    @Test func theEvaluatorTakesTheUnionOfAllThreeScopes() {
        let table = RoleTable.defaults(at: 1)
        func has(_ p: Permission, _ s: [String], _ t: [String]?, _ c: [String]?) -> Bool {
            PermissionEvaluator.has(p, system: s, team: t, channel: c, table: table)
        }
        #expect(has(.createTeam, ["system_user"], nil, nil))
        #expect(has(.viewTeam, ["system_user"], ["team_user"], nil))
        #expect(!has(.viewTeam, ["system_user"], nil, nil))
        #expect(has(.createPost, ["system_user"], ["team_user"], ["channel_user"]))
        #expect(!has(.createPost, ["system_user"], ["team_user"], nil))
        #expect(has(.deleteOthersPosts, ["system_user"], ["team_user", "team_admin"], nil))
        #expect(!has(.editOthersPosts, ["system_user"], ["team_user", "team_admin"], ["channel_admin"]))
        #expect(has(.manageSystem, ["system_user", "system_admin"], nil, nil))
        #expect(!has(.manageSystem, ["system_user"], ["team_admin"], ["channel_admin"]))
        #expect(!has(.createPost, ["no_such_role"], ["no_such_role"], ["no_such_role"]))
    }

    @Test func aDeletedRoleGrantsNothing() {
        var role = Role(id: .zero, name: "r", displayName: "", description: "", permissions: ["create_post"],
                        schemeManaged: true, builtIn: false, createAt: 0, updateAt: 0)
        #expect(role.grants(.createPost))
        role.deleteAt = 5
        #expect(!role.grants(.createPost))
    }
}
