import Snapshot
import Synchronization

/// What every actor shares: the journal, the clock, the settings, and the registry of team and channel actors.
/// The registry is a lock-protected map rather than an actor because every request looks an actor up and the
/// lookup must not be a suspension point.
public final class ChatRuntime: Sendable {
    public let journal: Journal
    public let clock: any ChatClock
    public let settings: SettingsView
    /// Online / away / dnd per user, read without suspending (`@here`).
    public let presence: PresenceTable
    /// Events waiting for durability, taken by the fan-out.
    public let outbox: EventOutbox
    /// Usernames, first names and notify props of every user, for mention parsing inside channel actors.
    public let profiles = ProfileTable()
    /// When each user's activity was last journaled; checked before any actor hop (at most once a minute).
    private let activityNoted = Mutex<[ID: Int64]>([:])
    /// The directory's gate lives here so that team and channel operations can hold it without the actor.
    public let directoryGate = ActorGate(.directory)
    private let directoryActor = Mutex<DirectoryActor?>(nil)
    private let roleTable = Mutex(RoleTable.defaults(at: 0))
    private let teams = Mutex<[ID: TeamActor]>([:])
    /// Which channel holds each post, so `/posts/{id}` finds its actor (filled at append and at install).
    private let postChannels = Mutex<[ID: ID]>([:])
    private let channels = Mutex<[ID: ChannelActor]>([:])
    /// Kind, names and team of every channel, for events built outside the channel's actor (a team join's post).
    private let labels = Mutex<[ID: ChannelLabel]>([:])

    public init(journal: Journal, clock: any ChatClock, settings: SettingsView) {
        self.journal = journal
        self.clock = clock
        self.settings = settings
        presence = PresenceTable(clock: clock)
        outbox = EventOutbox(journal: journal)
    }

    /// The one directory actor, created with the runtime.
    public var directory: DirectoryActor {
        if let d = directoryActor.withLock({ $0 }) { return d }
        return directoryActor.withLock { d in
            if d == nil { d = DirectoryActor(state: DirectoryState(), runtime: self) }
            return d!
        }
    }

    /// Replaces the directory's state wholesale (snapshot restore, before serving).
    func resetDirectory(_ state: DirectoryState) {
        directoryActor.withLock { $0 = DirectoryActor(state: state, runtime: self) }
    }

    /// The role table every permission check reads; the directory owns it and publishes each change here.
    public var roles: RoleTable { roleTable.withLock { $0 } }
    func publishRoles(_ table: RoleTable) { roleTable.withLock { $0 = table } }

    public func team(_ id: ID) -> TeamActor? { teams.withLock { $0[id] } }
    public func channel(_ id: ID) -> ChannelActor? { channels.withLock { $0[id] } }
    /// True when `userID`'s activity should be journaled now (the first call in each minute).
    public func shouldNoteActivity(_ userID: ID, now: Int64) -> Bool {
        activityNoted.withLock { map in
            if let last = map[userID], now - last < 60_000 { return false }
            map[userID] = now
            return true
        }
    }

    public func channelOf(post id: ID) -> ID? { postChannels.withLock { $0[id] } }
    public func index(post id: ID, channel: ID) { postChannels.withLock { $0[id] = channel } }
    func index(_ record: any ChatRecord) {
        switch record {
        case let r as UserCreated: profiles.put(r.user)
        case let r as UserUpdated: profiles.put(r.user)
        case let r as PasswordChanged: profiles.put(r.user)
        default: break
        }
        switch record {
        case let r as ChannelCreated: label(r.channel)
        case let r as TeamCreated: label(r.townSquare); label(r.offTopic)
        case let r as ChannelPatched:
            labels.withLock { map in
                if let name = r.name { map[r.channelID]?.name = name }
                if let displayName = r.displayName { map[r.channelID]?.displayName = displayName }
            }
        default: break
        }
        let posts = record.newPosts
        if posts.isEmpty { return }
        postChannels.withLock { for (post, channel) in posts { $0[post] = channel } }
    }
    func index(channel state: ChannelState) {
        if let channel = state.channel { label(channel) }
        postChannels.withLock { map in for e in state.posts.entries { map[e.id] = state.id } }
    }

    private func label(_ c: Channel) {
        labels.withLock { $0[c.id] = ChannelLabel(kind: c.kind, name: c.name, displayName: c.displayName, teamID: c.teamID) }
    }

    /// What events say of a channel besides its id.
    public func label(of channel: ID) -> ChannelLabel? { labels.withLock { $0[channel] } }

    public var allTeams: [TeamActor] { teams.withLock { Array($0.values) } }
    public var allChannels: [ChannelActor] { channels.withLock { Array($0.values) } }

    /// Registers an actor BEFORE the record creating it is appended: a snapshot enumerating actors then either
    /// sees it (empty, with an LSN below the record, so replay creates it) or started after the record.
    func register(_ actor: TeamActor) { teams.withLock { $0[actor.id] = actor } }
    func register(_ actor: ChannelActor) { channels.withLock { $0[actor.id] = actor } }

    /// Undoes `register` when the creating record could not be appended.
    func unregister(team id: ID) { _ = teams.withLock { $0.removeValue(forKey: id) } }
    func unregister(channel id: ID) { _ = channels.withLock { $0.removeValue(forKey: id) } }

    func newTeamActor(_ id: ID) -> TeamActor { TeamActor(state: TeamState(id: id), runtime: self) }
    func newChannelActor(_ id: ID) -> ChannelActor { ChannelActor(state: ChannelState(id: id), runtime: self) }

    /// A strictly increasing time for one channel's posts (the store keeps creation order = `create_at` order).
    func now(after last: Int64 = 0) -> Int64 { max(clock.nowMillis(), last + 1) }
}
