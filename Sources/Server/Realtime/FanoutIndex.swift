import Actors

/// What the index keeps per feed: its id and its user.
protocol FanoutMember: AnyObject {
    var id: String { get }
    var userID: ID { get }
}

/// Who hears what, as the fan-out knows it: members of every channel and team, and the feeds of
/// every user, grouped by loop per channel so that a channel event is handed to each loop once with its list
/// (no per-recipient lookup on the hot path). Owned by the hub's thread; membership changes arrive in the same
/// ordered stream as the events, so a removal always takes effect before any later event.
struct FanoutIndex<Member: FanoutMember, Loop: Hashable> {
    typealias Group = [ObjectIdentifier: Member]

    private(set) var channelMembers: [ID: Set<ID>] = [:]
    private(set) var channelKinds: [ID: Channel.Kind] = [:]
    private(set) var userChannels: [ID: Set<ID>] = [:]
    private(set) var teamMembers: [ID: Set<ID>] = [:]
    private(set) var userFeeds: [ID: Group] = [:]
    private(set) var loops: [ObjectIdentifier: Loop] = [:]   // per feed: the loop its socket is on
    private(set) var channelFeeds: [ID: [Loop: Group]] = [:]
    private(set) var byConnectionID: [String: Member] = [:]

    var feedCount: Int { loops.count }

    // MARK: Membership

    mutating func apply(_ change: ChatEvent.Membership) {
        switch change {
        case let .channelJoined(channel, users, kind, _):
            channelKinds[channel] = kind
            for user in users where channelMembers[channel, default: []].insert(user).inserted {
                userChannels[user, default: []].insert(channel)
                for (key, feed) in userFeeds[user] ?? [:] { link(feed, key, channel) }
            }
        case let .channelLeft(channel, user):
            guard channelMembers[channel]?.remove(user) != nil else { return }
            userChannels[user]?.remove(channel)
            for key in (userFeeds[user] ?? [:]).keys { unlink(key, channel) }
        case let .teamJoined(team, user):
            teamMembers[team, default: []].insert(user)
        case let .teamLeft(team, user):
            teamMembers[team]?.remove(user)
        case .signedOut, .sessionsEnded:
            return  // the hub closes the sockets
        }
    }

    // MARK: Connections

    mutating func add(_ feed: Member, on loop: Loop) {
        let key = ObjectIdentifier(feed)
        if loops[key] != nil { remove(feed) }
        loops[key] = loop
        byConnectionID[feed.id] = feed
        userFeeds[feed.userID, default: [:]][key] = feed
        for channel in userChannels[feed.userID] ?? [] { link(feed, key, channel) }
    }

    mutating func remove(_ feed: Member) {
        let key = ObjectIdentifier(feed)
        guard loops[key] != nil else { return }
        for channel in userChannels[feed.userID] ?? [] { unlink(key, channel) }
        userFeeds[feed.userID]?[key] = nil
        if userFeeds[feed.userID]?.isEmpty == true { userFeeds[feed.userID] = nil }
        byConnectionID[feed.id] = nil
        loops[key] = nil
    }

    func feed(id: String) -> Member? { byConnectionID[id] }

    private mutating func link(_ feed: Member, _ key: ObjectIdentifier, _ channel: ID) {
        guard let loop = loops[key] else { return }
        channelFeeds[channel, default: [:]][loop, default: [:]][key] = feed
    }

    private mutating func unlink(_ key: ObjectIdentifier, _ channel: ID) {
        guard let loop = loops[key] else { return }
        channelFeeds[channel]?[loop]?[key] = nil
        if channelFeeds[channel]?[loop]?.isEmpty == true { channelFeeds[channel]?[loop] = nil }
        if channelFeeds[channel]?.isEmpty == true { channelFeeds[channel] = nil }
    }

    // MARK: Audiences

    /// The feeds that hear an event for `audience`, by loop.
    func recipients(_ audience: ChatEvent.Audience) -> [Loop: Group] {
        switch audience {
        case .channel(let id):
            return channelFeeds[id] ?? [:]
        case .team(let id):
            return grouped(teamMembers[id] ?? [])
        case .user(let id):
            return grouped([id])
        case .partners(let id):
            return grouped(partners(of: id))
        case .everyone:
            return grouped(userFeeds.keys)
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

    func feeds(of user: ID) -> [Member] { Array((userFeeds[user] ?? [:]).values) }

    var allFeeds: [Member] { userFeeds.values.flatMap { $0.values } }

    private func grouped<S: Sequence>(_ users: S) -> [Loop: Group] where S.Element == ID {
        var out: [Loop: Group] = [:]
        for user in users {
            for (key, feed) in userFeeds[user] ?? [:] {
                if let loop = loops[key] { out[loop, default: [:]][key] = feed }
            }
        }
        return out
    }
}
