import Snapshot

/// Users, sessions, statuses, preferences and the global indexes. A thin shell around `DirectoryState`; the
/// rules are in the `DirectoryActor+*.swift` extensions.
public actor DirectoryActor: ChatActor {
    public var state: DirectoryState
    public nonisolated var gate: ActorGate { runtime.directoryGate }
    public nonisolated var journal: Journal { runtime.journal }
    nonisolated let runtime: ChatRuntime
    public nonisolated func runtimeIndex(_ record: any ChatRecord) { runtime.index(record) }
    /// Login back-off: when each locked-out user may try again. Runtime only; the failed count itself is journaled.
    var retryNotBefore: [ID: Int64] = [:]  // actor-isolated
    /// When each user's activity was last journaled (at most once a minute). Runtime only.
    var lastActivityJournaled: [ID: Int64] = [:]  // actor-isolated

    init(state: DirectoryState, runtime: ChatRuntime) {
        self.state = state
        self.runtime = runtime
    }
}
