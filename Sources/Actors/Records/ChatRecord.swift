import Snapshot

/// Which actor a record concerns. Ordered, so an operation that names several actors takes their gates in one
/// global order (no two operations can wait for each other).
public enum ActorAddress: Hashable, Comparable, Sendable {
    case directory
    case team(ID)
    case channel(ID)
}

/// One journal record of the chat domain: a fact, with every value decided when it happened (ids, timestamps,
/// the mentioned users), so applying it is deterministic and never fails. A record that spans actors (create a
/// team, join a team, create a DM) is ONE record that each actor it names applies: a crash between the steps of
/// such an operation cannot leave half of it, because replay applies the whole record or none of it.
public protocol ChatRecord: Sendable {
    static var kind: UInt16 { get }
    var targets: [ActorAddress] { get }
    func encode(into writer: inout ByteWriter)
    init(from reader: inout ByteReader) throws(ChatError)
    func apply(to state: inout DirectoryState)
    func apply(to state: inout TeamState)
    func apply(to state: inout ChannelState)
    var newPosts: [(ID, ID)] { get }
}

extension ChatRecord {
    public func apply(to state: inout DirectoryState) {}
    public func apply(to state: inout TeamState) {}
    public func apply(to state: inout ChannelState) {}

    /// The posts this record creates, with their channels (none for most records).
    public var newPosts: [(ID, ID)] { [] }

    public var payload: [UInt8] {
        var writer = ByteWriter()
        encode(into: &writer)
        return writer.bytes
    }
}

/// Every record type, by kind. Kinds are numbered from 1 and never reused; the top 256 belong to diagnostics.
public enum ChatRecords {
    public static let all: [any ChatRecord.Type] = [
        UserCreated.self, UserUpdated.self, LoginFailed.self, SessionCreated.self, SessionsRevoked.self,
        PasswordChanged.self, UserActive.self,
        TeamCreated.self, TeamJoined.self, TeamLeft.self, TeamPatched.self, TeamMemberRolesSet.self,
        ChannelCreated.self, ChannelJoined.self, ChannelLeft.self, ChannelPatched.self, ChannelArchived.self,
        ChannelMemberRolesSet.self, ChannelViewed.self, ChannelRestored.self,
        PostCreated.self, PostEdited.self, PostDeleted.self, PostPinned.self, ReactionChanged.self,
        PreferencesSet.self, PreferencesDeleted.self, StatusSet.self, RolePatched.self, ConfigSet.self,
    ]

    static let byKind: [UInt16: any ChatRecord.Type] = {
        var map = [UInt16: any ChatRecord.Type]()
        for type in all {
            precondition(map[type.kind] == nil, "record kind \(type.kind) used twice")
            map[type.kind] = type
        }
        return map
    }()

    public static var kinds: Set<UInt16> { Set(byKind.keys) }

    /// The record type's name for a kind (for `parley journal inspect`), nil for kinds that are not the chat's.
    public static func name(ofKind kind: UInt16) -> String? { byKind[kind].map { String(describing: $0) } }

    /// Decodes a journal entry; nil for kinds that are not the chat domain's (diagnostics).
    public static func decode(_ entry: JournalEntry) throws(ChatError) -> (any ChatRecord)? {
        guard let type = byKind[entry.kind] else { return nil }
        var reader = ByteReader(entry.payload)
        let record = try type.init(from: &reader)
        guard reader.isAtEnd else { throw .corruptRecord("\(reader.remaining) bytes left after kind \(entry.kind)") }
        return record
    }
}
