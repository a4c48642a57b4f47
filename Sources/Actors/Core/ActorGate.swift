import Glibc
import Snapshot

/// Orders the records that concern one actor. Every append of a record that names the actor happens while its
/// gate is held, and records appended by other actors are left here (the mailbox) for it to apply, in append
/// order, before anything else it does. So each actor applies its records in LSN order, exactly as replay will,
/// and a snapshot taken with the gate held includes every record up to `journal.lastLSN` that names it.
///
/// A plain mutex rather than an actor: an operation spanning actors must hold several gates at once without
/// suspending, and takes them in `ActorAddress` order so that no two operations wait for each other.
public final class ActorGate: @unchecked Sendable {
    public let address: ActorAddress
    private var mutex = pthread_mutex_t()
    private var pending: [(record: any ChatRecord, lsn: LSN)] = []  // guarded by mutex

    public init(_ address: ActorAddress) {
        self.address = address
        pthread_mutex_init(&mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
    }

    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }

    /// Leaves a record for the owning actor; the caller holds this gate.
    func post(_ record: any ChatRecord, lsn: LSN) {
        pending.append((record, lsn))
    }

    /// Takes the records left for the owning actor; the caller holds this gate.
    func takePending() -> [(record: any ChatRecord, lsn: LSN)] {
        if pending.isEmpty { return [] }
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    /// Holds every gate in `gates` (in address order) while `body` runs. `body` must not suspend.
    static func holding<T, E: Error>(_ gates: [ActorGate], _ body: () throws(E) -> T) throws(E) -> T {
        let ordered = gates.count == 1 ? gates : gates.sorted { $0.address < $1.address }
        var previous: ActorAddress?
        for gate in ordered {
            precondition(gate.address != previous, "gate \(gate.address) named twice in one operation")
            previous = gate.address
            gate.lock()
        }
        defer { for gate in ordered.reversed() { gate.unlock() } }
        return try body()
    }
}
