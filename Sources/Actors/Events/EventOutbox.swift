import Snapshot
import Synchronization

/// Events waiting for their records to be durable (DESIGN.md §2). Actors queue a record's events inside the
/// locked stretch that appended it, so each actor's events stand here in its LSN order; `take` hands over
/// those whose LSN the journal has made durable, in that order. Nothing is queued until a subscriber (the
/// fan-out) is attached, so tools and tests that never publish pay nothing.
///
/// Bounded: past `capacity` waiting events, `hasRoom` is false and actors refuse new mutations as "busy" before
/// appending anything, so a fan-out that fell behind slows writers instead of growing memory.
public final class EventOutbox: Sendable {
    public static let capacityDefault = 200_000

    struct State: Sendable {
        var entries: [(lsn: LSN, event: ChatEvent)] = []
        var ready: (@Sendable () -> Void)?
    }

    private let limit: Atomic<Int>
    private let state = Mutex(State())
    private let journal: Journal
    private let attached = Atomic<Bool>(false)

    init(journal: Journal, capacity: Int = EventOutbox.capacityDefault) {
        precondition(capacity > 0, "outbox capacity \(capacity)")
        self.journal = journal
        limit = Atomic(capacity)
    }

    /// How many events may wait at most.
    public var capacity: Int {
        get { limit.load(ordering: .relaxed) }
        set { precondition(newValue > 0, "outbox capacity \(newValue)"); limit.store(newValue, ordering: .relaxed) }
    }

    /// Starts collecting events; `ready` runs (on any thread; it must only wake the subscriber) whenever events
    /// may have become durable. Call once, before serving.
    public func attach(_ ready: @escaping @Sendable () -> Void) {
        state.withLock { $0.ready = ready }
        attached.store(true, ordering: .releasing)
        journal.onDurable { _ in ready() }
    }

    public var isAttached: Bool { attached.load(ordering: .acquiring) }

    public var hasRoom: Bool {
        guard isAttached else { return true }
        return state.withLock { $0.entries.count < capacity }
    }

    public var count: Int { state.withLock { $0.entries.count } }

    /// Queues `events` of the record at `lsn`. Called with the actor's gate held.
    func queue(_ events: [ChatEvent], lsn: LSN) {
        guard !events.isEmpty, isAttached else { return }
        let ready = state.withLock { s -> (@Sendable () -> Void)? in
            for e in events { s.entries.append((lsn, e)) }
            return s.ready
        }
        // The record may have become durable before its events stood here (or the policy is `memory`): the
        // durability notice has then passed, so wake the subscriber now.
        if lsn <= journal.durableLSN { ready?() }
    }

    /// Moves every event whose record is durable into `out`, in queue order (each actor's LSN order).
    public func take(into out: inout [ChatEvent]) {
        let durable = journal.durableLSN
        state.withLock { s in
            guard !s.entries.isEmpty else { return }
            if s.entries.last!.lsn <= durable {
                for e in s.entries { out.append(e.event) }
                s.entries.removeAll(keepingCapacity: true)
                return
            }
            var kept: [(lsn: LSN, event: ChatEvent)] = []
            for e in s.entries {
                if e.lsn <= durable { out.append(e.event) } else { kept.append(e) }
            }
            s.entries = kept
        }
    }
}
