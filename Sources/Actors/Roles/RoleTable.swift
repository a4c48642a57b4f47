/// The roles of the one permission scheme Parley has, by name. It starts as Mattermost's default scheme
/// (`defaults(at:)`); `PUT /roles/{id}/patch` changes a role's permissions through `patch`, and the table is
/// written whole into journal records and snapshots, so a patched scheme survives a restart.
public struct RoleTable: Sendable, Equatable {
    private var byName: [String: Role]

    /// Bounds what a decoder accepts. The built-in scheme has nine roles; the headroom is for roles a later
    /// version may add, and the cap keeps a damaged count from building an absurd table.
    static let rolesMax = 64
    /// The layout version written first by `encode`, so a future layout can still read this one.
    static let formatVersion: UInt8 = 1

    init(roles: [Role]) {
        var map = [String: Role](minimumCapacity: roles.count)
        for role in roles { map[role.name] = role }
        byName = map
    }

    public func role(named name: String) -> Role? {
        byName[name]
    }

    public func role(id: ID) -> Role? {
        byName.values.first { $0.id == id }
    }

    /// Every role, ordered by name so listings and encodings are stable.
    public var all: [Role] {
        byName.values.sorted { $0.name < $1.name }
    }

    /// Replaces a role's permissions (what `PUT /roles/{id}/patch` does). Every id must be one Parley knows,
    /// and `system_admin` must keep `manage_system`: without it nobody could reach the system console to undo
    /// the patch.
    public mutating func patch(roleID: ID, permissions: [String], at time: Int64) throws(ChatError) {
        guard var role = role(id: roleID) else { throw ChatError.missing("role") }
        if let unknown = permissions.first(where: { !Permission.knownIDs.contains($0) }) {
            throw ChatError(.badRequest, id: "api.roles.patch_roles.unknown_permission.app_error",
                            "The permission \(unknown) does not exist.")
        }
        if role.name == RoleTable.systemAdmin, !permissions.contains(Permission.manageSystem.rawValue) {
            throw ChatError(.badRequest, id: "api.roles.patch_roles.system_admin.app_error",
                            "The system_admin role cannot lose manage_system.")
        }
        role.setPermissions(permissions)
        role.updateAt = time
        byName[role.name] = role
    }
}

extension RoleTable {
    public func encode(into w: inout ByteWriter) {
        w.write(RoleTable.formatVersion)
        let roles = all
        w.write(UInt32(roles.count))
        for role in roles { role.encode(into: &w) }
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        let version = try r.read(UInt8.self)
        guard version == RoleTable.formatVersion else { throw .corruptRecord("role table version \(version)") }
        let count = Int(try r.read(UInt32.self))
        guard count <= RoleTable.rolesMax else { throw .corruptRecord("role table with \(count) roles") }
        var roles = [Role]()
        roles.reserveCapacity(count)
        for _ in 0..<count { roles.append(try Role(from: &r)) }
        guard Set(roles.map(\.name)).count == roles.count else { throw .corruptRecord("role table names a role twice") }
        self.init(roles: roles)
    }
}

// MARK: - The default scheme

extension RoleTable {
    static let systemUser = "system_user", systemAdmin = "system_admin", systemGuest = "system_guest"
    static let teamUser = "team_user", teamAdmin = "team_admin", teamGuest = "team_guest"
    static let channelUser = "channel_user", channelAdmin = "channel_admin", channelGuest = "channel_guest"

    /// Mattermost's default scheme (API-NOTES §3). Ids are derived from the names, so every server and every
    /// restart gives `system_user` the same id and a client's cached role ids stay valid.
    public static func defaults(at time: Int64) -> RoleTable {
        let specs: [(name: String, display: String, description: String, permissions: [Permission])] = [
            (systemUser, "System User", "Every account on the server.", systemUserPermissions),
            (systemAdmin, "System Admin", "Full control of the server.", Permission.allCases),
            (systemGuest, "System Guest", "A guest account.", guestSystemPermissions),
            (teamUser, "Team Member", "Every member of a team.", teamUserPermissions),
            (teamAdmin, "Team Admin", "Manages a team, its members and its channels.", teamAdminPermissions),
            (teamGuest, "Team Guest", "A guest in a team.", [.viewTeam]),
            (channelUser, "Channel Member", "Every member of a channel.", channelUserPermissions),
            (channelAdmin, "Channel Admin", "Manages a channel's members and roles.",
             channelUserPermissions + channelAdminExtras),
            (channelGuest, "Channel Guest", "A guest in a channel.", channelGuestPermissions),
        ]
        return RoleTable(roles: specs.map { spec in
            Role(id: stableID(forRoleNamed: spec.name), name: spec.name, displayName: spec.display,
                 description: spec.description, permissions: spec.permissions.map(\.rawValue),
                 schemeManaged: true, builtIn: true, createAt: time, updateAt: time)
        })
    }

    static let systemUserPermissions: [Permission] = [
        .listPublicTeams, .joinPublicTeams, .createDirectChannel, .createGroupChannel, .viewMembers, .createTeam,
        .createCustomGroup, .editCustomGroup, .deleteCustomGroup, .restoreCustomGroup, .manageCustomGroupMembers,
    ]

    static let guestSystemPermissions: [Permission] = [.createDirectChannel, .createGroupChannel]

    static let teamUserPermissions: [Permission] = [
        .listTeamChannels, .joinPublicChannels, .readPublicChannel, .viewTeam, .createPublicChannel,
        .createPrivateChannel, .inviteUser, .addUserToTeam,
    ]

    /// Only the extras: a team admin's member record always names `team_user` as well (Mattermost's model).
    static let teamAdminPermissions: [Permission] = [
        .removeUserFromTeam, .manageTeam, .importTeam, .manageTeamRoles, .manageChannelRoles,
        .manageIncomingWebhooks, .manageOutgoingWebhooks, .manageOthersIncomingWebhooks,
        .manageOthersOutgoingWebhooks, .manageSlashCommands, .manageOthersSlashCommands,
        .convertPublicChannelToPrivate, .convertPrivateChannelToPublic, .deletePost, .deleteOthersPosts,
        .removeOthersFromChannel,
    ]

    static let channelUserPermissions: [Permission] = [
        .readChannel, .addReaction, .removeReaction, .managePublicChannelMembers, .managePrivateChannelMembers,
        .uploadFile, .getPublicLink, .createPost, .editPost, .deletePost, .useChannelMentions, .useSlashCommands,
        .managePublicChannelProperties, .managePrivateChannelProperties, .deletePublicChannel,
        .deletePrivateChannel,
    ]

    /// API-NOTES §3 says `channel_admin` has everything `channel_user` has plus these, so the defaults list
    /// the union; the patch endpoint can then tighten members without touching admins.
    static let channelAdminExtras: [Permission] = [.manageChannelRoles, .useGroupMentions, .removeOthersFromChannel]

    static let channelGuestPermissions: [Permission] = [
        .readChannel, .createPost, .addReaction, .removeReaction, .uploadFile,
    ]

    /// A 128-bit FNV-1a hash of a prefixed name. FNV is not a cryptographic hash and need not be: the ids only
    /// have to be stable and distinct for nine fixed names (the tests check both), and pure Swift keeps the
    /// module free of Foundation and of a crypto dependency. The prefix keeps them apart from any other
    /// derived ids.
    static func stableID(forRoleNamed name: String) -> ID {
        let offsetBasis: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013b
        var hash = offsetBasis
        for byte in (stableIDPrefix + name).utf8 {
            hash ^= UInt128(byte)
            hash = hash &* prime
        }
        return ID(high: UInt64(truncatingIfNeeded: hash >> 64), low: UInt64(truncatingIfNeeded: hash))
    }

    static let stableIDPrefix = "parley.role."
}
