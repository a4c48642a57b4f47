/// Who is asking, as the session says: the user and their system roles, plus (for a team's resources) their roles
/// in that team. Route handlers build it; actors decide with it.
public struct Caller: Sendable, Equatable {
    public var userID: ID
    public var systemRoles: [String]
    public var sessionToken: String
    /// The caller's roles in the team the operation is about; nil when not a member (or not a team resource).
    public var teamRoles: [String]?

    public init(userID: ID, systemRoles: [String], sessionToken: String = "", teamRoles: [String]? = nil) {
        self.userID = userID
        self.systemRoles = systemRoles
        self.sessionToken = sessionToken
        self.teamRoles = teamRoles
    }

    public var isSystemAdmin: Bool { systemRoles.contains("system_admin") }

    public func inTeam(_ roles: [String]?) -> Caller {
        var copy = self
        copy.teamRoles = roles
        return copy
    }
}
