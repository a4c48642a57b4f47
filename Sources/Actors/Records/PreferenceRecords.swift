/// Preferences stored or replaced (upsert), for one user.
public struct PreferencesSet: ChatRecord {
    public static let kind: UInt16 = 40
    public var userID: ID
    public var entries: [(key: PreferenceKey, value: String)]
    public var targets: [ActorAddress] { [.directory] }

    public init(userID: ID, entries: [(key: PreferenceKey, value: String)]) {
        self.userID = userID
        self.entries = entries
    }

    public func encode(into w: inout ByteWriter) {
        w.write(userID); w.write(UInt32(entries.count))
        for e in entries { w.write(e.key.category); w.write(e.key.name); w.write(e.value) }
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        userID = try r.readID()
        let count = Int(try r.read(UInt32.self))
        guard count <= r.remaining / 12 else { throw .corruptRecord("preference count \(count)") }
        entries = []
        for _ in 0..<count {
            let key = PreferenceKey(category: try r.readString(), name: try r.readString())
            entries.append((key, try r.readString()))
        }
    }

    public func apply(to state: inout DirectoryState) {
        for e in entries { state.preferences[userID, default: [:]][e.key] = e.value }
    }
}

/// Preferences removed, for one user.
public struct PreferencesDeleted: ChatRecord {
    public static let kind: UInt16 = 41
    public var userID: ID
    public var keys: [PreferenceKey]
    public var targets: [ActorAddress] { [.directory] }

    public init(userID: ID, keys: [PreferenceKey]) {
        self.userID = userID
        self.keys = keys
    }

    public func encode(into w: inout ByteWriter) {
        w.write(userID); w.write(UInt32(keys.count))
        for k in keys { w.write(k.category); w.write(k.name) }
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        userID = try r.readID()
        let count = Int(try r.read(UInt32.self))
        guard count <= r.remaining / 8 else { throw .corruptRecord("preference count \(count)") }
        keys = []
        for _ in 0..<count { keys.append(PreferenceKey(category: try r.readString(), name: try r.readString())) }
    }

    public func apply(to state: inout DirectoryState) {
        for k in keys { state.preferences[userID]?[k] = nil }
    }
}

/// A status set by hand (or returned to automatic with `manual == false`); automatic presence is not journaled.
public struct StatusSet: ChatRecord {
    public static let kind: UInt16 = 42
    public var status: Status
    public var targets: [ActorAddress] { [.directory] }

    public init(status: Status) { self.status = status }

    public func encode(into w: inout ByteWriter) {
        w.write(status.userID); w.write(status.status); w.write(status.manual); w.write(status.lastActivityAt)
        w.write(status.dndEndTime)
    }

    public init(from r: inout ByteReader) throws(ChatError) {
        let user = try r.readID(), text = try r.readString(), manual = try r.readBool(), at = try r.read(Int64.self)
        status = Status(userID: user, status: text, manual: manual, lastActivityAt: at)
        status.dndEndTime = try r.read(Int64.self)
    }

    public func apply(to state: inout DirectoryState) {
        state.statuses[status.userID] = status
    }
}
