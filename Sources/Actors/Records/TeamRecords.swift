/// A new team with its two default channels; the creator joins all three as the team's admin. One record for
/// the four actors it names.
public struct TeamCreated: ChatRecord {
    public static let kind: UInt16 = 10
    public var team: Team
    public var creatorID: ID
    public var townSquare: Channel
    public var offTopic: Channel
    public var targets: [ActorAddress] {
        [.directory, .team(team.id), .channel(townSquare.id), .channel(offTopic.id)]
    }

    public init(team: Team, creatorID: ID, townSquare: Channel, offTopic: Channel) {
        self.team = team
        self.creatorID = creatorID
        self.townSquare = townSquare
        self.offTopic = offTopic
    }

    public func encode(into w: inout ByteWriter) { w.write(team); w.write(creatorID); w.write(townSquare); w.write(offTopic) }
    public init(from r: inout ByteReader) throws(ChatError) {
        team = try r.readTeam(); creatorID = try r.readID(); townSquare = try r.readChannel(); offTopic = try r.readChannel()
    }

    public func apply(to state: inout DirectoryState) {
        state.teamByName[team.name] = team.id
        state.teamByInvite[team.inviteID] = team.id
        state.teamsOf[creatorID, default: []].insert(team.id)
        state.channelsOf[creatorID, default: []].formUnion([townSquare.id, offTopic.id])
    }

    public func apply(to state: inout TeamState) {
        guard state.id == team.id else { return }
        state.team = team
        state.members[creatorID] = TeamMember(teamID: team.id, userID: creatorID, schemeAdmin: true)
        state.channelsByName[townSquare.name] = townSquare.id
        state.channelsByName[offTopic.name] = offTopic.id
        state.townSquareID = townSquare.id
        state.offTopicID = offTopic.id
    }

    public func apply(to state: inout ChannelState) {
        for channel in [townSquare, offTopic] where channel.id == state.id {
            state.channel = channel
            state.addMember(creatorID, admin: false, at: team.createAt)
        }
    }
}

/// A user joins a team (self-join, invite link, added by someone): team membership, the default channels, and
/// the "joined the team" system post in town-square, all in one record.
public struct TeamJoined: ChatRecord {
    public var newPosts: [(ID, ID)] { systemPost.map { [($0.id, postChannelID)] } ?? [] }
    public static let kind: UInt16 = 11
    public var teamID: ID
    public var userID: ID
    public var at: Int64
    public var channels: [ID]
    public var systemPost: PostSeed?
    public var postChannelID: ID
    public var targets: [ActorAddress] { [.directory, .team(teamID)] + channels.map { .channel($0) } }

    public init(teamID: ID, userID: ID, at: Int64, channels: [ID], systemPost: PostSeed?, postChannelID: ID) {
        self.teamID = teamID
        self.userID = userID
        self.at = at
        self.channels = channels
        self.systemPost = systemPost
        self.postChannelID = postChannelID
    }

    public func encode(into w: inout ByteWriter) {
        w.write(teamID); w.write(userID); w.write(at); w.write(channels); w.write(systemPost); w.write(postChannelID)
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        teamID = try r.readID(); userID = try r.readID(); at = try r.read(Int64.self); channels = try r.readIDs()
        systemPost = try r.readPostSeed(); postChannelID = try r.readID()
    }

    public func apply(to state: inout DirectoryState) {
        state.teamsOf[userID, default: []].insert(teamID)
        state.channelsOf[userID, default: []].formUnion(channels)
    }

    public func apply(to state: inout TeamState) {
        var member = state.members[userID] ?? TeamMember(teamID: teamID, userID: userID, schemeAdmin: false)
        member.deleteAt = 0
        state.members[userID] = member
    }

    public func apply(to state: inout ChannelState) {
        state.addMember(userID, admin: false, at: at)
        if state.id == postChannelID, let systemPost { state.addPost(systemPost) }
    }
}

/// A user leaves or is removed from a team, and from every channel of it they were in.
public struct TeamLeft: ChatRecord {
    public var newPosts: [(ID, ID)] { systemPost.map { [($0.id, postChannelID)] } ?? [] }
    public static let kind: UInt16 = 12
    public var teamID: ID
    public var userID: ID
    public var at: Int64
    public var channels: [ID]
    public var systemPost: PostSeed?
    public var postChannelID: ID
    public var targets: [ActorAddress] {
        var channelSet = Set(channels)
        channelSet.insert(postChannelID)
        return [.directory, .team(teamID)] + channelSet.sorted().map { .channel($0) }
    }

    public init(teamID: ID, userID: ID, at: Int64, channels: [ID], systemPost: PostSeed?, postChannelID: ID) {
        self.teamID = teamID
        self.userID = userID
        self.at = at
        self.channels = channels
        self.systemPost = systemPost
        self.postChannelID = postChannelID
    }

    public func encode(into w: inout ByteWriter) {
        w.write(teamID); w.write(userID); w.write(at); w.write(channels); w.write(systemPost); w.write(postChannelID)
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        teamID = try r.readID(); userID = try r.readID(); at = try r.read(Int64.self); channels = try r.readIDs()
        systemPost = try r.readPostSeed(); postChannelID = try r.readID()
    }

    public func apply(to state: inout DirectoryState) {
        state.teamsOf[userID]?.remove(teamID)
        state.channelsOf[userID]?.subtract(channels)
    }

    public func apply(to state: inout TeamState) {
        state.members[userID]?.deleteAt = at
        state.members[userID]?.schemeAdmin = false
    }

    public func apply(to state: inout ChannelState) {
        if channels.contains(state.id) { state.members[userID] = nil }
        if state.id == postChannelID, let systemPost { state.addPost(systemPost) }
    }
}

/// The team's fields after a patch or an invite-id regeneration.
public struct TeamPatched: ChatRecord {
    public static let kind: UInt16 = 13
    public var team: Team
    public var targets: [ActorAddress] { [.directory, .team(team.id)] }

    public init(team: Team) { self.team = team }
    public func encode(into w: inout ByteWriter) { w.write(team) }
    public init(from r: inout ByteReader) throws(ChatError) { team = try r.readTeam() }

    public func apply(to state: inout DirectoryState) {
        for (invite, id) in state.teamByInvite where id == team.id { state.teamByInvite[invite] = nil }
        state.teamByInvite[team.inviteID] = team.id
    }

    public func apply(to state: inout TeamState) {
        state.team = team
    }
}

/// A team member's roles (team admin granted or revoked).
public struct TeamMemberRolesSet: ChatRecord {
    public static let kind: UInt16 = 14
    public var teamID: ID
    public var userID: ID
    public var schemeAdmin: Bool
    public var targets: [ActorAddress] { [.team(teamID)] }

    public init(teamID: ID, userID: ID, schemeAdmin: Bool) {
        self.teamID = teamID
        self.userID = userID
        self.schemeAdmin = schemeAdmin
    }

    public func encode(into w: inout ByteWriter) { w.write(teamID); w.write(userID); w.write(schemeAdmin) }
    public init(from r: inout ByteReader) throws(ChatError) {
        teamID = try r.readID(); userID = try r.readID(); schemeAdmin = try r.readBool()
    }

    public func apply(to state: inout TeamState) {
        state.members[userID]?.schemeAdmin = schemeAdmin
    }
}
