import Snapshot

extension ChatActor {
    /// The one shape of a mutation (DESIGN.md §2): under the gates, `decide` looks at the state and returns the
    /// record to append (nil when there is nothing to change, e.g. an idempotent repeat); the record is applied
    /// here and left for the other actors it names; `result` reads the answer from the state right after the
    /// apply. Then, outside the gates, wait until the record is durable — nothing is answered before that.
    func perform<T: Sendable>(with others: [ActorGate] = [],
                              _ decide: (State) throws(ChatError) -> (any ChatRecord)?,
                              result: (State) throws(ChatError) -> T) async throws(ChatError) -> T {
        let (lsn, value) = try locked(with: others) { () throws(ChatError) -> (LSN, T) in
            guard let record = try decide(state) else { return (state.appliedLSN, try result(state)) }
            let lsn = try commitLocked(record, others: others)
            return (lsn, try result(state))
        }
        try await waitDurable(lsn)
        return value
    }

    /// A read that waits until everything it reflects is durable (a reader never sees what a crash could take back).
    func observe<T: Sendable>(_ body: (State) throws(ChatError) -> T) async throws(ChatError) -> T {
        let (value, lsn) = try read(body)
        try await waitDurable(lsn)
        return value
    }

    func waitDurable(_ lsn: LSN) async throws(ChatError) {
        guard lsn > journal.durableLSN else { return }
        do {
            try await journal.durable(lsn)
        } catch {
            throw ChatError.journal(error)
        }
    }
}
