/// One role as Mattermost's Role object describes it (API-NOTES §2 "Role"). `permissions` is kept sorted and
/// free of duplicates so that a lookup is a binary search and equal roles encode to equal bytes.
public struct Role: Sendable, Equatable {
    public var id: ID
    public var name: String
    public var displayName: String
    public var description: String
    public private(set) var permissions: [String]
    public var schemeManaged: Bool
    public var builtIn: Bool
    public var createAt: Int64
    public var updateAt: Int64
    public var deleteAt: Int64

    public init(id: ID, name: String, displayName: String, description: String, permissions: [String],
                schemeManaged: Bool, builtIn: Bool, createAt: Int64, updateAt: Int64, deleteAt: Int64 = 0) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.description = description
        self.permissions = Role.normalised(permissions)
        self.schemeManaged = schemeManaged
        self.builtIn = builtIn
        self.createAt = createAt
        self.updateAt = updateAt
        self.deleteAt = deleteAt
    }

    /// Replaces the permission list; the only way to change it, so the sorted invariant always holds.
    public mutating func setPermissions(_ list: [String]) {
        permissions = Role.normalised(list)
    }

    /// Whether this role grants `permission`. A deleted role grants nothing, so a user whose roles string
    /// still names it loses its rights at once.
    public func grants(_ permission: Permission) -> Bool {
        guard deleteAt == 0 else { return false }
        let wanted = permission.rawValue
        var low = 0, high = permissions.count
        while low < high {
            let mid = (low + high) / 2
            if permissions[mid] < wanted { low = mid + 1 } else { high = mid }
        }
        return low < permissions.count && permissions[low] == wanted
    }

    static func normalised(_ list: [String]) -> [String] {
        Array(Set(list)).sorted()
    }
}

extension Role {
    func encode(into w: inout ByteWriter) {
        w.write(id); w.write(name); w.write(displayName); w.write(description); w.write(permissions)
        w.write(schemeManaged); w.write(builtIn); w.write(createAt); w.write(updateAt); w.write(deleteAt)
    }

    init(from r: inout ByteReader) throws(ChatError) {
        let id = try r.readID(), name = try r.readString(), displayName = try r.readString()
        let description = try r.readString(), permissions = try r.readStrings()
        // A list that is not sorted and unique was not written by `encode`: say so rather than silently fix it.
        guard permissions == Role.normalised(permissions) else {
            throw .corruptRecord("role \(name) has an unsorted permission list")
        }
        let schemeManaged = try r.readBool(), builtIn = try r.readBool()
        let createAt = try r.read(Int64.self), updateAt = try r.read(Int64.self), deleteAt = try r.read(Int64.self)
        self.init(id: id, name: name, displayName: displayName, description: description, permissions: permissions,
                  schemeManaged: schemeManaged, builtIn: builtIn, createAt: createAt, updateAt: updateAt,
                  deleteAt: deleteAt)
    }
}
