/// Binary layouts of the domain values inside records and snapshot sections. Each `write` has its `read` just
/// below it, field for field, so the pair is checked by eye and by the round-trip tests.
extension ByteWriter {
    mutating func write(_ u: User) {
        write(u.id); write(u.createAt); write(u.updateAt); write(u.deleteAt); write(u.username); write(u.email)
        write(u.emailVerified); write(u.nickname); write(u.firstName); write(u.lastName); write(u.position)
        write(u.roles); write(u.locale); write(u.notifyProps); write(u.props); write(u.timezone); write(u.passwordPHC)
        write(u.lastPasswordUpdate); write(u.lastPictureUpdate); write(Int64(u.failedAttempts)); write(u.lastLogin)
        write(u.lastActivityAt)
    }

    mutating func write(_ s: Session) {
        write(s.id); write(s.token); write(s.userID); write(s.createAt); write(s.expiresAt); write(s.lastActivityAt)
        write(s.deviceID); write(s.csrfToken); write(s.props)
    }

    mutating func write(_ t: Team) {
        write(t.id); write(t.createAt); write(t.updateAt); write(t.deleteAt); write(t.name); write(t.displayName)
        write(t.description); write(t.email); write(t.companyName); write(t.allowedDomains); write(t.inviteID)
        write(t.allowOpenInvite); write(t.lastTeamIconUpdate)
    }

    mutating func write(_ c: Channel) {
        write(c.id); writeOptional(c.teamID); write(c.kind.rawValue); write(c.createAt); write(c.updateAt)
        write(c.deleteAt); write(c.name); write(c.displayName); write(c.header); write(c.purpose); writeOptional(c.creatorID)
        write(c.lastPostAt); write(c.lastRootPostAt); write(c.totalMsgCount); write(c.totalMsgCountRoot); write(c.extraUpdateAt)
    }

    mutating func write(_ m: ChannelMember) {
        write(m.channelID); write(m.userID); write(m.schemeAdmin); write(m.lastViewedAt); write(m.msgCount)
        write(m.msgCountRoot); write(m.mentionCount); write(m.mentionCountRoot); write(m.urgentMentionCount)
        write(m.lastUpdateAt); write(m.notifyProps)
    }

    mutating func write(_ m: TeamMember) {
        write(m.teamID); write(m.userID); write(m.schemeAdmin); write(m.deleteAt); write(m.explicitRoles)
    }

    mutating func write(_ seed: PostSeed?) {
        write(seed != nil)
        seed?.encode(into: &self)
    }
}

extension ByteReader {
    mutating func readUser() throws(ChatError) -> User {
        let id = try readID(), createAt = try read(Int64.self), updateAt = try read(Int64.self)
        let deleteAt = try read(Int64.self), username = try readString(), email = try readString()
        var u = User(id: id, createAt: createAt, username: username, email: email, roles: "", passwordPHC: "")
        u.updateAt = updateAt; u.deleteAt = deleteAt
        u.emailVerified = try readBool(); u.nickname = try readString(); u.firstName = try readString()
        u.lastName = try readString(); u.position = try readString(); u.roles = try readString()
        u.locale = try readString(); u.notifyProps = try readMap(); u.props = try readMap(); u.timezone = try readMap()
        u.passwordPHC = try readString(); u.lastPasswordUpdate = try read(Int64.self)
        u.lastPictureUpdate = try read(Int64.self); u.failedAttempts = Int(try read(Int64.self))
        u.lastLogin = try read(Int64.self); u.lastActivityAt = try read(Int64.self)
        return u
    }

    mutating func readSession() throws(ChatError) -> Session {
        let id = try readID(), token = try readString(), userID = try readID(), createAt = try read(Int64.self)
        let expiresAt = try read(Int64.self), lastActivity = try read(Int64.self), device = try readString()
        var s = Session(id: id, token: token, userID: userID, createAt: createAt, expiresAt: expiresAt,
                        csrfToken: "")
        s.lastActivityAt = lastActivity; s.deviceID = device; s.csrfToken = try readString(); s.props = try readMap()
        return s
    }

    mutating func readTeam() throws(ChatError) -> Team {
        let id = try readID(), createAt = try read(Int64.self), updateAt = try read(Int64.self)
        let deleteAt = try read(Int64.self), name = try readString(), displayName = try readString()
        let description = try readString(), email = try readString(), company = try readString()
        let domains = try readString(), invite = try readID(), open = try readBool()
        var t = Team(id: id, createAt: createAt, name: name, displayName: displayName, inviteID: invite, allowOpenInvite: open)
        t.updateAt = updateAt; t.deleteAt = deleteAt; t.description = description; t.email = email
        t.companyName = company; t.allowedDomains = domains; t.lastTeamIconUpdate = try read(Int64.self)
        return t
    }

    mutating func readChannel() throws(ChatError) -> Channel {
        let id = try readID(), teamID = try readOptionalID(), rawKind = try readString()
        guard let kind = Channel.Kind(rawValue: rawKind) else { throw .corruptRecord("channel type \(rawKind)") }
        let createAt = try read(Int64.self), updateAt = try read(Int64.self), deleteAt = try read(Int64.self)
        let name = try readString(), displayName = try readString()
        var c = Channel(id: id, teamID: teamID, kind: kind, createAt: createAt, name: name, displayName: displayName,
                        creatorID: nil)
        c.updateAt = updateAt; c.deleteAt = deleteAt; c.header = try readString(); c.purpose = try readString()
        c.creatorID = try readOptionalID(); c.lastPostAt = try read(Int64.self); c.lastRootPostAt = try read(Int64.self)
        c.totalMsgCount = try read(Int64.self); c.totalMsgCountRoot = try read(Int64.self)
        c.extraUpdateAt = try read(Int64.self)
        return c
    }

    mutating func readChannelMember() throws(ChatError) -> ChannelMember {
        let channelID = try readID(), userID = try readID(), admin = try readBool()
        var m = ChannelMember(channelID: channelID, userID: userID, schemeAdmin: admin, at: 0)
        m.lastViewedAt = try read(Int64.self); m.msgCount = try read(Int64.self); m.msgCountRoot = try read(Int64.self)
        m.mentionCount = try read(Int64.self); m.mentionCountRoot = try read(Int64.self)
        m.urgentMentionCount = try read(Int64.self); m.lastUpdateAt = try read(Int64.self); m.notifyProps = try readMap()
        return m
    }

    mutating func readTeamMember() throws(ChatError) -> TeamMember {
        let teamID = try readID(), userID = try readID(), admin = try readBool()
        var m = TeamMember(teamID: teamID, userID: userID, schemeAdmin: admin)
        m.deleteAt = try read(Int64.self); m.explicitRoles = try readString()
        return m
    }

    mutating func readPostSeed() throws(ChatError) -> PostSeed? {
        try readBool() ? try PostSeed(from: &self) : nil
    }
}
