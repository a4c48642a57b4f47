import Synchronization

/// Who is online, read synchronously at post time for `@here` (not copied into channel actors). A manual status
/// (away, dnd, offline — set by hand and journaled by the directory) wins; otherwise a user with a live connection
/// is online while active within `awayAfterMillis` and away after that, and offline once the last connection
/// closes. `online` set by hand returns the user to automatic tracking.
public final class PresenceTable: Sendable {
    struct Entry: Sendable {
        var manual: String?
        var connections = 0
        var lastActivity: Int64 = 0
        var inactive = false   // the client said so (`user_update_active_status`)
        var claimed = false    // set online by hand: counts as present until a last connection closes
    }

    public static let awayAfterMillisDefault: Int64 = 5 * 60_000
    private let entries = Mutex<[ID: Entry]>([:])
    private let awayAfter: Mutex<Int64>
    private let clock: any ChatClock

    public init(clock: any ChatClock = SystemChatClock(), awayAfterMillis: Int64 = PresenceTable.awayAfterMillisDefault) {
        self.clock = clock
        awayAfter = Mutex(awayAfterMillis)
    }

    public func setAwayAfter(millis: Int64) { awayAfter.withLock { $0 = max(1, millis) } }

    /// A status set by hand; `online` clears the manual one and counts as activity now (as Mattermost, the user
    /// is online until the automatic rules say otherwise); nil only clears it.
    public func setManual(_ userID: ID, _ status: String?) {
        let now = clock.nowMillis()
        entries.withLock { map in
            var e = map[userID, default: Entry()]
            e.manual = status == "online" ? nil : status
            if status == "online" { e.claimed = true; e.lastActivity = now; e.inactive = false }
            map[userID] = e
        }
    }

    /// A live connection of the user opened (`+1`) or closed (`-1`).
    public func connection(_ userID: ID, opened: Bool) {
        let now = clock.nowMillis()
        entries.withLock { map in
            var e = map[userID, default: Entry()]
            e.connections = max(0, e.connections + (opened ? 1 : -1))
            if opened { e.lastActivity = now; e.inactive = false }
            if !opened && e.connections == 0 { e.claimed = false }
            map[userID] = e
        }
    }

    /// The user did something (a request, a WebSocket action); `active == false` is the client saying it is idle.
    public func activity(_ userID: ID, active: Bool = true) {
        let now = clock.nowMillis()
        entries.withLock { map in
            guard var e = map[userID] else {
                if active { map[userID] = Entry(lastActivity: now) }
                return
            }
            if active { e.lastActivity = now }
            e.inactive = !active
            map[userID] = e
        }
    }

    public func status(of userID: ID) -> String {
        let now = clock.nowMillis()
        let limit = awayAfter.withLock { $0 }
        return entries.withLock { map in
            guard let e = map[userID] else { return "offline" }
            if let manual = e.manual { return manual }
            guard e.connections > 0 || e.claimed else { return "offline" }
            return e.inactive || now - e.lastActivity >= limit ? "away" : "online"
        }
    }

    public func isManual(_ userID: ID) -> Bool { entries.withLock { $0[userID]?.manual != nil } }

    public func isOnline(_ userID: ID) -> Bool { status(of: userID) == "online" }
}
