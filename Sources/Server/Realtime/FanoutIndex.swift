import Actors
import Net

/// Who hears what, as the fan-out knows it: members of every channel and team, and the live connections of
/// every user, grouped by loop per channel so that a channel event is handed to each loop once with its list
/// (no per-recipient lookup on the hot path). Owned by the hub's thread; membership changes arrive in the same
/// ordered stream as the events, so a removal always takes effect before any later event.
struct FanoutIndex {
    typealias Group = [ObjectIdentifier: RealtimeConnection]

    private(set) var channelMembers: [ID: Set<ID>] = [:]
    private(set) var channelKinds: [ID: Channel.Kind] = [:]
    private(set) var userChannels: [ID: Set<ID>] = [:]
    private(set) var teamMembers: [ID: Set<ID>] = [:]
    private(set) var userConnections: [ID: Group] = [:]
    private(set) var loops: [ObjectIdentifier: WebSocketLoop] = [:]   // per connection: the loop it is keyed under
    private(set) var channelConnections: [ID: [WebSocketLoop: Group]] = [:]
    private(set) var byConnectionID: [String: RealtimeConnection] = [:]

    var connectionCount: Int { loops.count }

    // MARK: Membership

    mutating func apply(_ change: ChatEvent.Membership) {
        switch change {
        case let .channelJoined(channel, users, kind, _):
            channelKinds[channel] = kind
            for user in users where channelMembers[channel, default: []].insert(user).inserted {
                userChannels[user, default: []].insert(channel)
                for (key, conn) in userConnections[user] ?? [:] { link(conn, key, channel) }
            }
        case let .channelLeft(channel, user):
            guard channelMembers[channel]?.remove(user) != nil else { return }
            userChannels[user]?.remove(channel)
            for key in (userConnections[user] ?? [:]).keys { unlink(key, channel) }
        case let .teamJoined(team, user):
            teamMembers[team, default: []].insert(user)
        case let .teamLeft(team, user):
            teamMembers[team]?.remove(user)
        case .signedOut, .sessionsEnded:
            return  // the hub closes the sockets
        }
    }

    // MARK: Connections

    mutating func add(_ conn: RealtimeConnection, on loop: WebSocketLoop) {
        let key = ObjectIdentifier(conn)
        if loops[key] != nil { remove(conn) }
        loops[key] = loop
        byConnectionID[conn.id] = conn
        userConnections[conn.userID, default: [:]][key] = conn
        for channel in userChannels[conn.userID] ?? [] { link(conn, key, channel) }
    }

    mutating func remove(_ conn: RealtimeConnection) {
        let key = ObjectIdentifier(conn)
        guard loops[key] != nil else { return }
        for channel in userChannels[conn.userID] ?? [] { unlink(key, channel) }
        userConnections[conn.userID]?[key] = nil
        if userConnections[conn.userID]?.isEmpty == true { userConnections[conn.userID] = nil }
        byConnectionID[conn.id] = nil
        loops[key] = nil
    }

    func connection(id: String) -> RealtimeConnection? { byConnectionID[id] }

    private mutating func link(_ conn: RealtimeConnection, _ key: ObjectIdentifier, _ channel: ID) {
        guard let loop = loops[key] else { return }
        channelConnections[channel, default: [:]][loop, default: [:]][key] = conn
    }

    private mutating func unlink(_ key: ObjectIdentifier, _ channel: ID) {
        guard let loop = loops[key] else { return }
        channelConnections[channel]?[loop]?[key] = nil
        if channelConnections[channel]?[loop]?.isEmpty == true { channelConnections[channel]?[loop] = nil }
        if channelConnections[channel]?.isEmpty == true { channelConnections[channel] = nil }
    }

    // MARK: Audiences

    /// The connections that hear an event for `audience`, by loop.
    func recipients(_ audience: ChatEvent.Audience) -> [WebSocketLoop: Group] {
        switch audience {
        case .channel(let id):
            return channelConnections[id] ?? [:]
        case .team(let id):
            return grouped(teamMembers[id] ?? [])
        case .user(let id):
            return grouped([id])
        case .partners(let id):
            return grouped(partners(of: id))
        case .everyone:
            return grouped(userConnections.keys)
        case .nobody:
            return [:]
        }
    }

    /// The user and everyone sharing a direct or group channel with them.
    func partners(of user: ID) -> Set<ID> {
        var out: Set<ID> = [user]
        for channel in userChannels[user] ?? [] where channelKinds[channel] == .direct || channelKinds[channel] == .group {
            out.formUnion(channelMembers[channel] ?? [])
        }
        return out
    }

    func isMember(_ user: ID, of channel: ID) -> Bool { channelMembers[channel]?.contains(user) ?? false }

    func connections(of user: ID) -> [RealtimeConnection] { Array((userConnections[user] ?? [:]).values) }

    var allConnections: [RealtimeConnection] { userConnections.values.flatMap { $0.values } }

    private func grouped<S: Sequence>(_ users: S) -> [WebSocketLoop: Group] where S.Element == ID {
        var out: [WebSocketLoop: Group] = [:]
        for user in users {
            for (key, conn) in userConnections[user] ?? [:] {
                if let loop = loops[key] { out[loop, default: [:]][key] = conn }
            }
        }
        return out
    }
}
