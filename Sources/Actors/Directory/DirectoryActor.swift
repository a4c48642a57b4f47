import Snapshot

/// Users, sessions, statuses, preferences and the global indexes. A thin shell around `DirectoryState`; the
/// rules are in the `DirectoryActor+*.swift` extensions.
public actor DirectoryActor: ChatActor {
    public var state: DirectoryState
    public nonisolated var gate: ActorGate { runtime.directoryGate }
    public nonisolated var journal: Journal { runtime.journal }
    nonisolated let runtime: ChatRuntime
    public nonisolated func runtimeIndex(_ record: any ChatRecord) { runtime.index(record) }
    public nonisolated var outbox: EventOutbox { runtime.outbox }

    init(state: DirectoryState, runtime: ChatRuntime) {
        self.state = state
        self.runtime = runtime
    }
}
