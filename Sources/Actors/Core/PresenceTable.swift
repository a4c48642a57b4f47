import Synchronization

/// Who is online, read synchronously at post time for `@here` (not copied into channel actors). Today it is fed
/// by manual statuses (the directory publishes each one); the live connections of the "Real-time" layer will
/// feed it too. A user absent from the table is offline.
public final class PresenceTable: Sendable {
    private let statuses = Mutex<[ID: String]>([:])

    public init() {}

    public func set(_ userID: ID, _ status: String) {
        statuses.withLock { $0[userID] = status == "offline" ? nil : status }
    }

    public func status(of userID: ID) -> String { statuses.withLock { $0[userID] ?? "offline" } }

    public func isOnline(_ userID: ID) -> Bool { status(of: userID) == "online" }
}
