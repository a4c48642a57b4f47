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
    public var newPosts: [(ID, ID)] { systemPost.map { [($0.id, channelID)] } ?? [] }
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
    public var newPosts: [(ID, ID)] { systemPost.map { [($0.id, channelID)] } ?? [] }
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

/// A rename or a header/purpose change: only the fields that changed, so two changes racing each other both
/// land; with the system posts describing them.
public struct ChannelPatched: ChatRecord {
    public var newPosts: [(ID, ID)] { systemPosts.map { ($0.id, channelID) } }
    public static let kind: UInt16 = 23
    public var channelID: ID
    public var teamID: ID?
    public var oldName: String
    public var name: String?
    public var displayName: String?
    public var header: String?
    public var purpose: String?
    public var at: Int64
    public var systemPosts: [PostSeed]
    public var targets: [ActorAddress] {
        if let teamID, let name, name != oldName { return [.team(teamID), .channel(channelID)] }
        return [.channel(channelID)]
    }

    public init(channelID: ID, teamID: ID?, oldName: String, name: String?, displayName: String?, header: String?,
                purpose: String?, at: Int64, systemPosts: [PostSeed]) {
        self.channelID = channelID
        self.teamID = teamID
        self.oldName = oldName
        self.name = name
        self.displayName = displayName
        self.header = header
        self.purpose = purpose
        self.at = at
        self.systemPosts = systemPosts
    }

    public func encode(into w: inout ByteWriter) {
        w.write(channelID); w.writeOptional(teamID); w.write(oldName)
        for field in [name, displayName, header, purpose] {
            w.write(field != nil)
            if let field { w.write(field) }
        }
        w.write(at); w.write(UInt32(systemPosts.count))
        for post in systemPosts { post.encode(into: &w) }
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        channelID = try r.readID(); teamID = try r.readOptionalID(); oldName = try r.readString()
        var fields: [String?] = []
        for _ in 0..<4 { fields.append(try r.readBool() ? try r.readString() : nil) }
        (name, displayName, header, purpose) = (fields[0], fields[1], fields[2], fields[3])
        at = try r.read(Int64.self)
        let count = try r.read(UInt32.self)
        guard count <= 3 else { throw .corruptRecord("\(count) system posts in a channel patch") }
        systemPosts = []
        for _ in 0..<count { systemPosts.append(try PostSeed(from: &r)) }
    }

    public func apply(to state: inout TeamState) {
        guard let name else { return }
        if state.channelsByName[oldName] == channelID { state.channelsByName[oldName] = nil }
        state.channelsByName[name] = channelID
    }

    public func apply(to state: inout ChannelState) {
        guard state.channel != nil else { return }
        if let name { state.channel!.name = name }
        if let displayName { state.channel!.displayName = displayName }
        if let header { state.channel!.header = header }
        if let purpose { state.channel!.purpose = purpose }
        state.channel!.updateAt = at
        for post in systemPosts { state.addPost(post) }
    }
}

/// A channel archived: history kept read-only, the name never reusable.
public struct ChannelArchived: ChatRecord {
    public var newPosts: [(ID, ID)] { systemPost.map { [($0.id, channelID)] } ?? [] }
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

/// An archived channel brought back (`POST /channels/{id}/restore`), with its history and members as they were.
public struct ChannelRestored: ChatRecord {
    public static let kind: UInt16 = 27
    public var channelID: ID
    public var at: Int64
    public var targets: [ActorAddress] { [.channel(channelID)] }

    public init(channelID: ID, at: Int64) {
        self.channelID = channelID
        self.at = at
    }

    public func encode(into w: inout ByteWriter) { w.write(channelID); w.write(at) }
    public init(from r: inout ByteReader) throws(ChatError) { channelID = try r.readID(); at = try r.read(Int64.self) }

    public func apply(to state: inout ChannelState) {
        state.channel?.deleteAt = 0
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
