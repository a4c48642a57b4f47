/// A binary min-heap of what is due when, for a driver thread's users: their next actions and WebSocket
/// reconnections. Bounded by the caller: each user has at most one entry.
struct DueHeap: Sendable {
    enum Task: UInt8, Sendable { case action, reconnect }

    struct Entry: Sendable {
        var due: UInt64
        var user: Int32
        var task: Task
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }
    var nextDue: UInt64? { entries.first?.due }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].due < entries[parent].due else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest entry when it is due by `now`, removed.
    mutating func popDue(now: UInt64) -> Entry? {
        guard let first = entries.first, first.due <= now else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < entries.count, entries[l].due < entries[smallest].due { smallest = l }
            if r < entries.count, entries[r].due < entries[smallest].due { smallest = r }
            guard smallest != i else { return first }
            entries.swapAt(i, smallest)
            i = smallest
        }
    }
}
