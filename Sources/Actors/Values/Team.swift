/// A team's own fields (Mattermost's Team object). Members and channels live beside it in `TeamState`.
public struct Team: Sendable, Equatable {
    public var id: ID
    public var createAt: Int64
    public var updateAt: Int64
    public var deleteAt: Int64 = 0
    public var name: String
    public var displayName: String
    public var description = ""
    public var email = ""
    public var companyName = ""
    public var allowedDomains = ""
    public var inviteID: ID
    public var allowOpenInvite: Bool
    public var lastTeamIconUpdate: Int64 = 0

    public init(id: ID, createAt: Int64, name: String, displayName: String, inviteID: ID, allowOpenInvite: Bool) {
        self.id = id
        self.createAt = createAt
        self.updateAt = createAt
        self.name = name
        self.displayName = displayName
        self.inviteID = inviteID
        self.allowOpenInvite = allowOpenInvite
    }

    /// Newer servers keep `type` and `allow_open_invite` in step: open means "O".
    public var type: String { allowOpenInvite ? "O" : "I" }
}

/// A user's membership of a team.
public struct TeamMember: Sendable, Equatable {
    public var teamID: ID
    public var userID: ID
    public var schemeAdmin: Bool
    public var deleteAt: Int64 = 0
    public var explicitRoles = ""

    public init(teamID: ID, userID: ID, schemeAdmin: Bool) {
        self.teamID = teamID
        self.userID = userID
        self.schemeAdmin = schemeAdmin
    }

    /// Explicit roles plus the ones the scheme flags imply, as Mattermost reports them.
    public var roles: String {
        var parts = ["team_user"]
        if schemeAdmin { parts.append("team_admin") }
        if !explicitRoles.isEmpty { parts.append(explicitRoles) }
        return parts.joined(separator: " ")
    }

    public var roleList: [String] { roles.split(separator: " ").map(String.init) }
}
