import Snapshot

/// What the directory, team and channel actors share: a state, its gate and the journal. The extension holds the
/// one way a mutation happens (DESIGN.md §2): hold the gates, apply what other actors left, validate, append,
/// apply, release — without suspending — then wait for durability outside.
public protocol ChatActor: Actor {
    associatedtype State: ActorState
    var state: State { get set }
    nonisolated var gate: ActorGate { get }
    nonisolated var journal: Journal { get }
    /// Indexes the posts a record creates (the runtime's post → channel map).
    nonisolated func runtimeIndex(_ record: any ChatRecord)
    nonisolated var outbox: EventOutbox { get }
    /// The WebSocket events `record` causes, read from the state right after its apply (see `ChatEvent`).
    func events(after record: any ChatRecord) -> [ChatEvent]
}

extension ChatActor {
    /// Applies the records other actors left in the gate; the gate is held.
    func drainLocked() {
        for (record, lsn) in gate.takePending() {
            state.apply(record, lsn: lsn)
        }
    }

    /// The state with the records other actors left in the gate applied. An operation that reads the state
    /// before `perform` (to choose the gates it will hold) must read it through here: until the mailbox is
    /// drained, a team the directory created a moment ago still has no default channels.
    func settled() -> State {
        ActorGate.holding([gate]) { () -> State in
            drainLocked()
            return state
        }
    }

    /// Runs `body` with this actor's gate (and `others`) held and its mailbox applied.
    func locked<T>(with others: [ActorGate] = [], _ body: () throws(ChatError) -> T) throws(ChatError) -> T {
        try ActorGate.holding([gate] + others) { () throws(ChatError) -> T in
            drainLocked()
            return try body()
        }
    }

    /// Appends `record`, leaves it for the other actors it names (their gates are held by the caller) and applies
    /// it here. Called inside `locked`. Returns the LSN to wait for.
    func commitLocked(_ record: any ChatRecord, others: [ActorGate] = []) throws(ChatError) -> LSN {
        guard outbox.hasRoom else {
            throw ChatError(.unavailable, id: "parley.events.overloaded", "The server is busy delivering events; try again shortly.")
        }
        let lsn: LSN
        do {
            lsn = try journal.append(kind: type(of: record).kind, payload: record.payload)
        } catch {
            throw ChatError.journal(error)
        }
        for other in others { other.post(record, lsn: lsn) }
        runtimeIndex(record)
        state.apply(record, lsn: lsn)
        if outbox.isAttached { outbox.queue(events(after: record), lsn: lsn) }
        return lsn
    }

    /// A read: the answer and the LSN it reflects (the caller waits for that LSN to be durable before answering,
    /// so nobody sees a mutation that a crash could still take back).
    func read<T>(_ body: (State) throws(ChatError) -> T) throws(ChatError) -> (T, LSN) {
        try locked { () throws(ChatError) -> (T, LSN) in (try body(state), state.appliedLSN) }
    }

    /// A copy of the state for a snapshot, with the LSN it includes (see `ActorGate`).
    public func capture() -> (State, LSN) {
        ActorGate.holding([gate]) { () -> (State, LSN) in
            drainLocked()
            return (state, journal.lastLSN)
        }
    }
}

extension ChatError {
    /// A journal that refuses an append: nothing was applied, the caller may retry later.
    static func journal(_ error: any Error) -> ChatError {
        switch error as? DurabilityError {
        case .recordTooLarge?:
            return ChatError(.tooLarge, id: "parley.journal.record_too_large", "The change is too large to store.")
        case .overloaded?, .tooManyWaiters?:
            return ChatError(.unavailable, id: "parley.journal.overloaded", "The server is busy; try again shortly.")
        default:
            return ChatError(.unavailable, id: "parley.journal.read_only",
                             "The server cannot store changes right now (\(error)); reads still work.")
        }
    }
}
