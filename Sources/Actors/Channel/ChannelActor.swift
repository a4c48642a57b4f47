import Snapshot

/// One channel of any kind: members and their read state, posts, pins, reactions. A thin shell around
/// `ChannelState`; the rules are in the `ChannelActor+*.swift` extensions.
public actor ChannelActor: ChatActor {
    public var state: ChannelState
    public nonisolated let id: ID
    public nonisolated let gate: ActorGate
    public nonisolated var journal: Journal { runtime.journal }
    nonisolated let runtime: ChatRuntime
    public nonisolated func runtimeIndex(_ record: any ChatRecord) { runtime.index(record) }
    public nonisolated var outbox: EventOutbox { runtime.outbox }
    /// `pending_post_id` → (post, time) for the last 30 s: a client retrying a post gets the first one back.
    /// Not journaled: after a restart a retry is a new post, as it would be on Mattermost after its cache expires.
    var recentPending: [String: (id: ID, at: Int64)] = [:]  // actor-isolated
    /// The `@names` of the post being committed that reach nobody in the channel, for its ephemeral notice; set by
    /// `createPost` inside the locked stretch and read by `events(after:)` in the same stretch.
    var unreachedNames: [String] = []

    init(state: ChannelState, runtime: ChatRuntime) {
        self.state = state
        self.id = state.id
        self.gate = ActorGate(.channel(state.id))
        self.runtime = runtime
    }
}
