import Snapshot

/// Everything one team owns: its fields, its members and their roles, and the names of its channels (names
/// stay taken after a channel is archived, as in Mattermost).
public struct TeamState: ActorState {
    public var appliedLSN: LSN = 0
    public let id: ID
    public var team: Team?
    public var members: [ID: TeamMember] = [:]
    public var channelsByName: [String: ID] = [:]
    public var townSquareID: ID = .zero
    public var offTopicID: ID = .zero

    public init(id: ID) {
        self.id = id
    }

    public mutating func applyRecord(_ record: any ChatRecord) {
        record.apply(to: &self)
    }

    public func activeMember(_ user: ID) -> TeamMember? {
        guard let m = members[user], m.deleteAt == 0 else { return nil }
        return m
    }

    public var activeMemberCount: Int { members.values.reduce(0) { $0 + ($1.deleteAt == 0 ? 1 : 0) } }
}
