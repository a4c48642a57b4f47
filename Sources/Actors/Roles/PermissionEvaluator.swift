/// The one place a permission is decided. Every check in Parley (channel actions, team and system endpoints)
/// comes here, so a role patched through `PUT /roles/{id}/patch` changes every check at once.
public enum PermissionEvaluator {
    /// Whether the union of the named roles grants `permission`. `system` is the user's roles, `team` the
    /// team member's (nil when the user is not in the team), `channel` the channel member's (nil when not a
    /// member). Names the table does not know grant nothing. `system_admin` implies every permission whatever
    /// its stored list says, because the system console must stay reachable even after a careless patch.
    public static func has(_ permission: Permission, system: [String], team: [String]?, channel: [String]?,
                           table: RoleTable) -> Bool {
        if system.contains(RoleTable.systemAdmin) { return true }
        for name in system where table.role(named: name)?.grants(permission) == true { return true }
        for name in team ?? [] where table.role(named: name)?.grants(permission) == true { return true }
        for name in channel ?? [] where table.role(named: name)?.grants(permission) == true { return true }
        return false
    }

    /// Whether the user's system roles make them a system admin (for rules that are not one permission).
    public static func isSystemAdmin(_ system: [String]) -> Bool {
        system.contains(RoleTable.systemAdmin)
    }
}
