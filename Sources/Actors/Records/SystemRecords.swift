/// A role's permissions replaced by a system admin (`PUT /roles/{id}/patch`); validated before it was appended.
public struct RolePatched: ChatRecord {
    public static let kind: UInt16 = 50
    public var roleID: ID
    public var permissions: [String]
    public var at: Int64
    public var targets: [ActorAddress] { [.directory] }

    public init(roleID: ID, permissions: [String], at: Int64) {
        self.roleID = roleID
        self.permissions = permissions
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(roleID); w.write(permissions); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) {
        roleID = try r.readID(); permissions = try r.readStrings(); at = try r.read(Int64.self)
    }

    public func apply(to state: inout DirectoryState) {
        try? state.roles.patch(roleID: roleID, permissions: permissions, at: at)
    }
}

/// The stored configuration (`PUT /config`), as the JSON text Server validated; Server derives the settings.
public struct ConfigSet: ChatRecord {
    public static let kind: UInt16 = 51
    public var json: [UInt8]
    public var targets: [ActorAddress] { [.directory] }

    public init(json: [UInt8]) { self.json = json }
    public func encode(into w: inout ByteWriter) { w.write(lengthPrefixed: json) }
    public init(from r: inout ByteReader) throws(ChatError) { json = try r.readBytes() }

    public func apply(to state: inout DirectoryState) {
        state.configJSON = json
    }
}
