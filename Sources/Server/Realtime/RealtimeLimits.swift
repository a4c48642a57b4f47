import Foundation
import Synchronization

/// The bounds of the real-time path (issue "Real-time" item 7): per connection, the bytes a socket may have
/// queued before ephemeral events are dropped (half) and before it is closed as a slow consumer (all); the events
/// kept for resume per connection and in total; how long a closed connection's events are kept for a resume;
/// and the grace before a user whose last socket closed is shown offline.
struct RealtimeLimits: Sendable {
    /// Per socket, as Redis's pub/sub output limit (8 MB soft): a reader that falls this far behind is not reading.
    var sendBytesMax = 8 << 20
    var sendEventsMax = 65_536
    /// All sockets' unsent event bytes together (estimated from what each was last seen holding, re-read on every
    /// hub tick): an eighth of the machine's memory, between 256 MiB and 2 GiB. Past half of it the hub holds
    /// events back (measured: a larger backlog only costs page faults, not throughput).
    var sendBytesTotalMax = min(2 << 30, max(256 << 20, Int(ProcessInfo.processInfo.physicalMemory / 8)))
    var resumeBytesMax = 8 << 20
    var resumeBytesTotalMax = 1 << 30
    /// Events kept per live connection for a resume after an unexpected drop (Mattermost keeps 128).
    var liveHeldMax = 128
    var retainMillis: Int64 = 60_000
    var offlineGraceMillis: Int64 = 2_000
    var typingIntervalMillis: Int64 = 500
}

/// Resume bytes held by every connection together, against `resumeBytesTotalMax`.
final class ResumeBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)
    init(limit: Int) { self.limit = limit }

    /// Takes `bytes` if they fit under the limit.
    func take(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + bytes <= limit else { return false }
            let (done, seen) = used.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if done { return true }
            current = seen
        }
    }

    func give(_ bytes: Int) {
        let before = used.wrappingSubtract(bytes, ordering: .relaxed).oldValue
        assert(before >= bytes, "resume budget returned \(bytes) of \(before)")
    }

    var inUse: Int { used.load(ordering: .relaxed) }
}

/// An estimate of the event bytes every socket together has not yet taken, against `sendBytesTotalMax`: each feed
/// adds what its socket holds when it queues an event and takes it back when the socket goes.
final class UnsentBytes: Sendable {
    let limit: Int
    private let total = Atomic<Int>(0)
    init(limit: Int) { self.limit = limit }
    func adjust(_ delta: Int) { if delta != 0 { total.add(delta, ordering: .relaxed) } }
    var isOver: Bool { total.load(ordering: .relaxed) > limit }
    var value: Int { total.load(ordering: .relaxed) }
}
