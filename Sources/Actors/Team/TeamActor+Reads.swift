import Snapshot

/// The team's fields, members and channel names, read after their records are durable.
extension TeamActor {
    public func team() async throws(ChatError) -> Team {
        try await observe { (s: TeamState) throws(ChatError) -> Team in
            guard let t = s.team else { throw ChatError.missing("team") }
            return t
        }
    }

    /// The caller's roles in this team, or nil when they are not an active member.
    public func roles(of userID: ID) async throws(ChatError) -> [String]? {
        try await observe { (s: TeamState) throws(ChatError) -> [String]? in s.activeMember(userID)?.roleList }
    }

    public func member(_ userID: ID) async throws(ChatError) -> TeamMember {
        try await observe { (s: TeamState) throws(ChatError) -> TeamMember in
            guard let m = s.activeMember(userID) else { throw ChatError.missing("team member") }
            return m
        }
    }

    public func members(page: Int, perPage: Int) async throws(ChatError) -> [TeamMember] {
        try await observe { (s: TeamState) throws(ChatError) -> [TeamMember] in
            let all = s.members.values.filter { $0.deleteAt == 0 }.sorted { $0.userID < $1.userID }
            let start = min(all.count, max(0, page) * perPage)
            return Array(all[start..<min(all.count, start + perPage)])
        }
    }

    /// (total members, active members) for `GET /teams/{id}/stats`.
    public func memberCounts() async throws(ChatError) -> (total: Int, active: Int) {
        try await observe { (s: TeamState) throws(ChatError) -> (total: Int, active: Int) in
            (s.activeMemberCount, s.activeMemberCount)
        }
    }

    public func channelID(named name: String) async throws(ChatError) -> ID? {
        try await observe { (s: TeamState) throws(ChatError) -> ID? in s.channelsByName[name.lowercased()] }
    }

    public func channelIDs() async throws(ChatError) -> [ID] {
        try await observe { (s: TeamState) throws(ChatError) -> [ID] in s.channelsByName.values.sorted() }
    }

    public func townSquare() async throws(ChatError) -> ID {
        try await observe { (s: TeamState) throws(ChatError) -> ID in s.townSquareID }
    }
}
