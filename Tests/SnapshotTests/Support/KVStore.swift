import Snapshot
import Synchronization

enum TestError: Error {
    case undecodable(LSN)
}

/// A test component: the keys of one parity (or all keys), guarded by a lock as an actor would be, so that
/// apply and append happen in one critical section and journal order equals apply order.
final class KVStore: Sendable {
    let name: String
    let parity: UInt64?
    private let guarded = Mutex<(state: KVState, lsn: LSN)>((KVState(), 0))

    init(name: String, parity: UInt64?) {
        self.name = name
        self.parity = parity
    }

    func owns(_ key: UInt64) -> Bool { parity.map { key % 2 == $0 } ?? true }

    var state: KVState { guarded.withLock { $0.state } }
    var lsn: LSN { guarded.withLock { $0.lsn } }

    /// Appends the record and applies the operation in one critical section.
    func mutate(_ op: KVOp, journal: Journal, timestamp: Int64? = nil) throws -> LSN {
        try guarded.withLock { g in
            let lsn = try journal.append(kind: op.kind, timestamp: timestamp, payload: op.encoded())
            g.state.apply(op)
            g.lsn = lsn
            return lsn
        }
    }

    var component: SnapshotComponent {
        SnapshotComponent(
            name: name, knownKinds: KVOp.kinds,
            capture: { [self] in
                let (state, lsn) = guarded.withLock { ($0.state, $0.lsn) }
                return SnapshotCapture(lsn: lsn) { writer in try state.write(&writer) }
            },
            restore: { [self] reader in
                let state = try KVState.read(&reader)
                guarded.withLock { $0.state = state }
            },
            apply: { [self] entry in
                guard let op = KVOp.decode(entry) else { throw TestError.undecodable(entry.lsn) }
                guard owns(op.key) else { return }
                guarded.withLock {
                    $0.state.apply(op)
                    $0.lsn = entry.lsn
                }
            })
    }
}
