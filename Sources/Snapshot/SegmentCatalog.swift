import Synchronization

/// The live journal segments, oldest first. The writer thread adds one at each rotation; snapshot cleanup
/// removes old ones. The last entry is the active segment and is never removed.
final class SegmentCatalog: Sendable {
    struct Entry: Sendable, Equatable {
        let firstLSN: LSN
        let name: String
    }

    private let entries: Mutex<[Entry]>

    init(_ initial: [Entry] = []) {
        entries = Mutex(initial)
    }

    var all: [Entry] { entries.withLock { $0 } }

    func add(_ entry: Entry) {
        entries.withLock {
            precondition($0.last.map { $0.firstLSN < entry.firstLSN } ?? true, "segments must be added in LSN order")
            $0.append(entry)
        }
    }

    /// Removes from the catalog the segments whose every record is at or below `lsn` (never the active
    /// one) and returns them, oldest first, for deletion or archiving.
    func detach(through lsn: LSN) -> [Entry] {
        entries.withLock { list in
            var count = 0
            while count + 1 < list.count, list[count + 1].firstLSN - 1 <= lsn { count += 1 }
            let detached = Array(list.prefix(count))
            list.removeFirst(count)
            return detached
        }
    }
}
