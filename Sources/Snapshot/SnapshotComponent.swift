/// What a component's capture returns: the LSN its state includes, and a function that serialises that
/// state (a copy taken on the actor; copy-on-write makes it cheap) into the snapshot, off the actor.
public struct SnapshotCapture: Sendable {
    public let lsn: LSN
    public let write: @Sendable (inout SnapshotWriter) throws -> Void

    public init(lsn: LSN, write: @escaping @Sendable (inout SnapshotWriter) throws -> Void) {
        self.lsn = lsn
        self.write = write
    }
}

/// A part of the state (later: an actor or a family of actors) that the engine snapshots and recovers.
///
/// The contract: after `capture` reports LSN `n`, the captured state includes the effect of every record
/// with LSN ≤ n that concerns this component and of none above. Recovery restores the component from its
/// section and then calls `apply` for each record with an LSN above `n`, in LSN order; `apply` ignores
/// kinds that do not concern it. A record whose kind is in no component's `knownKinds` stops recovery with
/// `.unknownRecordKind` (a newer binary wrote it). `restore` and `apply` run during `start`, one at a time,
/// before any append.
public struct SnapshotComponent: Sendable {
    public let name: String
    public let knownKinds: Set<UInt16>
    public let capture: @Sendable () async throws -> SnapshotCapture
    public let restore: @Sendable (inout SnapshotReader) throws -> Void
    public let apply: @Sendable (JournalEntry) throws -> Void

    public init(name: String, knownKinds: Set<UInt16>, capture: @escaping @Sendable () async throws -> SnapshotCapture,
                restore: @escaping @Sendable (inout SnapshotReader) throws -> Void,
                apply: @escaping @Sendable (JournalEntry) throws -> Void) {
        self.name = name
        self.knownKinds = knownKinds
        self.capture = capture
        self.restore = restore
        self.apply = apply
    }
}
