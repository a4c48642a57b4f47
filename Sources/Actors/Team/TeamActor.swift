import Snapshot

/// One team: members, roles, the channel names. A thin shell around `TeamState`; the rules are in the
/// `TeamActor+*.swift` extensions, each operation in one non-suspending stretch under the gates it names.
public actor TeamActor: ChatActor {
    public var state: TeamState
    public nonisolated let id: ID
    public nonisolated let gate: ActorGate
    public nonisolated var journal: Journal { runtime.journal }
    nonisolated let runtime: ChatRuntime
    public nonisolated func runtimeIndex(_ record: any ChatRecord) { runtime.index(record) }
    public nonisolated var outbox: EventOutbox { runtime.outbox }
    /// The channel as a rename the team commits leaves it, for that record's `channel_updated`; set by
    /// `commitRename` inside the locked stretch and read by `events(after:)` in the same stretch.
    var renamed: Channel?

    init(state: TeamState, runtime: ChatRuntime) {
        self.state = state
        self.id = state.id
        self.gate = ActorGate(.team(state.id))
        self.runtime = runtime
    }
}
