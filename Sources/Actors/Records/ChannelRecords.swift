/// A new channel of any kind with its first members (the creator for O/P, both or all people for D/G). For a
/// team channel the team takes its name; for D/G the directory indexes its deterministic name.
public struct ChannelCreated: ChatRecord {
    public static let kind: UInt16 = 20
    public var channel: Channel
    public var members: [ID]
    public var adminID: ID?
    public var targets: [ActorAddress] {
        if let team = channel.teamID { return [.directory, .team(team), .channel(channel.id)] }
        return [.directory, .channel(channel.id)]
    }

    public init(channel: Channel, members: [ID], adminID: ID?) {
        self.channel = channel
        self.members = members
        self.adminID = adminID
    }

    public func encode(into w: inout ByteWriter) { w.write(channel); w.write(members); w.writeOptional(adminID) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channel = try r.readChannel(); members = try r.readIDs(); adminID = try r.readOptionalID()
    }

    public func apply(to state: inout DirectoryState) {
        for member in members { state.channelsOf[member, default: []].insert(channel.id) }
        if channel.isDirectOrGroup { state.channelByDirectName[channel.name] = channel.id }
    }

    public func apply(to state: inout TeamState) {
        state.channelsByName[channel.name] = channel.id
    }

    public func apply(to state: inout ChannelState) {
        guard state.id == channel.id else { return }
        state.channel = channel
        for member in members { state.addMember(member, admin: member == adminID, at: channel.createAt) }
    }
}

/// Someone joins a channel or is added to it, with the system post that says so.
public struct ChannelJoined: ChatRecord {
    public static let kind: UInt16 = 21
    public var channelID: ID
    public var userID: ID
    public var at: Int64
    public var systemPost: PostSeed?
    public var targets: [ActorAddress] { [.directory, .channel(channelID)] }

    public init(channelID: ID, userID: ID, at: Int64, systemPost: PostSeed?) {
        self.channelID = channelID
        self.userID = userID
        self.at = at
        self.systemPost = systemPost
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(userID); w.write(at); w.write(systemPost) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); userID = try r.readID(); at = try r.read(Int64.self); systemPost = try r.readPostSeed()
    }

    public func apply(to state: inout DirectoryState) {
        state.channelsOf[userID, default: []].insert(channelID)
    }

    public func apply(to state: inout ChannelState) {
        state.addMember(userID, admin: false, at: at)
        if let systemPost { state.addPost(systemPost) }
    }
}

/// Someone leaves a channel or is removed from it, with the system post that says so.
public struct ChannelLeft: ChatRecord {
    public static let kind: UInt16 = 22
    public var channelID: ID
    public var userID: ID
    public var at: Int64
    public var systemPost: PostSeed?
    public var targets: [ActorAddress] { [.directory, .channel(channelID)] }

    public init(channelID: ID, userID: ID, at: Int64, systemPost: PostSeed?) {
        self.channelID = channelID
        self.userID = userID
        self.at = at
        self.systemPost = systemPost
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(userID); w.write(at); w.write(systemPost) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); userID = try r.readID(); at = try r.read(Int64.self); systemPost = try r.readPostSeed()
    }

    public func apply(to state: inout DirectoryState) {
        state.channelsOf[userID]?.remove(channelID)
    }

    public func apply(to state: inout ChannelState) {
        // The post first: it counts toward the totals the remaining members see.
        if let systemPost { state.addPost(systemPost) }
        state.members[userID] = nil
    }
}

/// The channel's fields after a rename or a header/purpose change, with the system posts describing it.
public struct ChannelPatched: ChatRecord {
    public static let kind: UInt16 = 23
    public var channel: Channel
    public var oldName: String
    public var systemPosts: [PostSeed]
    public var targets: [ActorAddress] {
        if let team = channel.teamID, oldName != channel.name { return [.team(team), .channel(channel.id)] }
        return [.channel(channel.id)]
    }

    public init(channel: Channel, oldName: String, systemPosts: [PostSeed]) {
        self.channel = channel
        self.oldName = oldName
        self.systemPosts = systemPosts
    }

    public func encode(into w: inout ByteWriter) {
        w.write(channel); w.write(oldName); w.write(UInt32(systemPosts.count))
        for post in systemPosts { post.encode(into: &w) }
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        channel = try r.readChannel(); oldName = try r.readString()
        let count = try r.read(UInt32.self)
        guard count <= 3 else { throw .corruptRecord("\(count) system posts in a channel patch") }
        systemPosts = []
        for _ in 0..<count { systemPosts.append(try PostSeed(from: &r)) }
    }

    public func apply(to state: inout TeamState) {
        if state.channelsByName[oldName] == channel.id { state.channelsByName[oldName] = nil }
        state.channelsByName[channel.name] = channel.id
    }

    public func apply(to state: inout ChannelState) {
        guard var current = state.channel else { return }
        // Only the descriptive fields change here; the counters stay the actor's own.
        current.name = channel.name
        current.displayName = channel.displayName
        current.header = channel.header
        current.purpose = channel.purpose
        current.updateAt = channel.updateAt
        state.channel = current
        for post in systemPosts { state.addPost(post) }
    }
}

/// A channel archived: history kept read-only, the name never reusable.
public struct ChannelArchived: ChatRecord {
    public static let kind: UInt16 = 24
    public var channelID: ID
    public var at: Int64
    public var systemPost: PostSeed?
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, at: Int64, systemPost: PostSeed?) {
        self.channelID = channelID
        self.at = at
        self.systemPost = systemPost
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(at); w.write(systemPost) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); at = try r.read(Int64.self); systemPost = try r.readPostSeed()
    }

    public func apply(to state: inout ChannelState) {
        if let systemPost { state.addPost(systemPost) }
        state.channel?.deleteAt = at
        state.channel?.updateAt = at
    }
}

/// A channel member's roles (channel admin granted or revoked).
public struct ChannelMemberRolesSet: ChatRecord {
    public static let kind: UInt16 = 25
    public var channelID: ID
    public var userID: ID
    public var schemeAdmin: Bool
    public var at: Int64
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, userID: ID, schemeAdmin: Bool, at: Int64) {
        self.channelID = channelID
        self.userID = userID
        self.schemeAdmin = schemeAdmin
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(userID); w.write(schemeAdmin); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); userID = try r.readID(); schemeAdmin = try r.readBool(); at = try r.read(Int64.self)
    }

    public func apply(to state: inout ChannelState) {
        state.members[userID]?.schemeAdmin = schemeAdmin
        state.members[userID]?.lastUpdateAt = at
    }
}

/// A member viewed the channel: everything counts as read.
public struct ChannelViewed: ChatRecord {
    public static let kind: UInt16 = 26
    public var channelID: ID
    public var userID: ID
    public var at: Int64
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, userID: ID, at: Int64) {
        self.channelID = channelID
        self.userID = userID
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(userID); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); userID = try r.readID(); at = try r.read(Int64.self)
    }

    public func apply(to state: inout ChannelState) {
        state.view(by: userID, at: at)
    }
}
