import Snapshot

/// Roles and the stored configuration, both owned by the directory and both system-admin only to change.
extension DirectoryActor {
    public func roles() async throws(ChatError) -> RoleTable {
        try await observe { (s: DirectoryState) throws(ChatError) -> RoleTable in s.roles }
    }

    /// Replaces a role's permissions; every later permission check sees the change at once.
    public func patchRole(_ roleID: ID, permissions: [String], by caller: Caller) async throws(ChatError) -> Role {
        guard caller.isSystemAdmin else { throw ChatError.permission("manage_roles") }
        let now = runtime.clock.nowMillis()
        let sorted = Array(Set(permissions)).sorted()
        let table = try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            var trial = s.roles
            try trial.patch(roleID: roleID, permissions: sorted, at: now)
            return RolePatched(roleID: roleID, permissions: sorted, at: now)
        }, result: { (s: DirectoryState) throws(ChatError) -> RoleTable in s.roles })
        runtime.publishRoles(table)
        guard let role = table.role(id: roleID) else { throw ChatError.missing("role") }
        return role
    }

    /// The stored configuration JSON (empty before the first `PUT /config`).
    public func configJSON() async throws(ChatError) -> [UInt8] {
        try await observe { (s: DirectoryState) throws(ChatError) -> [UInt8] in s.configJSON }
    }

    public func setConfig(_ json: [UInt8], by caller: Caller?) async throws(ChatError) {
        if let caller, !caller.isSystemAdmin { throw ChatError.permission("manage_system") }
        try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            s.configJSON == json ? nil : ConfigSet(json: json)
        }, result: { _ throws(ChatError) in () })
    }
}
