import Glibc
import Synchronization

/// A fault-injecting, in-memory `Storage` for tests (public so the CLI crash tests and the Actors tests can
/// use it too). It models the page cache: bytes written but not yet synced, and directory entries not yet
/// made durable by a directory fsync, are lost at `crash(_:)` — all of them, or a seeded random subset torn
/// at sector granularity. It can fail the Nth call of any operation with a chosen errno, run out of space
/// at a set capacity, "die" after N more mutating calls (`freeze`), and it counts every call.
public final class FaultyStorage: Storage {
    public enum Operation: String, Sendable, CaseIterable {
        case open, close, write, read, fdatasync, fsync, truncate, size, zeroFill, list, makeDirectory, rename, remove,
             fsyncDirectory
    }

    /// What survives a simulated power loss.
    public enum CrashMode: Sendable, Equatable {
        /// Nothing that was not synced (the harshest power loss).
        case dropAll
        /// Everything (a process crash: the kernel still writes its page cache back).
        case keepAll
        /// A random subset of unsynced sectors and directory changes, chosen by the seed.
        case randomSubset(seed: UInt64)
    }

    struct Rule {
        let operation: Operation
        var skip: Int
        let errno: Int32
        let pathContains: String?
        let persistent: Bool
    }

    struct State {
        var fs: FaultyFileSystem
        var rules: [Rule] = []
        var counts: [Operation: Int] = [:]
        var freezeAfter: Int?
        var frozen = false
        var capacityBytes: Int
        var log: [String] = []
        var logging = false
    }

    private let state: Mutex<State>
    /// Holds fdatasync calls (the journal writer's) at the door while closed, so tests can make batches form by counting.
    let syncGate = SyncGate()

    public init(sectorBytes: Int = SnapshotFormat.sectorBytes, capacityBytes: Int = .max) {
        state = Mutex(State(fs: FaultyFileSystem(sectorBytes: sectorBytes), capacityBytes: capacityBytes))
    }

    private init(state: State) {
        self.state = Mutex(state)
    }

    /// An independent copy of the files as they are now (durable and unsynced alike), without faults or
    /// counts: one prepared journal, many experiments.
    public func copy() -> FaultyStorage {
        state.withLock { s in
            var fresh = State(fs: s.fs, capacityBytes: s.capacityBytes)
            fresh.fs.handles = [:]
            return FaultyStorage(state: fresh)
        }
    }

    /// Makes every fdatasync wait until `openSyncGate()` (fsync, used by segment preparation, passes).
    public func closeSyncGate() {
        syncGate.set(open: false)
    }

    public func openSyncGate() {
        syncGate.set(open: true)
    }

    /// How many sync calls are waiting at the closed gate.
    public var syncsWaitingAtGate: Int { syncGate.waiting }

    // MARK: Faults and inspection

    /// Fails the call of `operation` that comes after `skip` matching calls, with `errno`.
    public func failNext(_ operation: Operation, skip: Int = 0, errno: Int32 = EIO, pathContains: String? = nil) {
        state.withLock {
            $0.rules.append(Rule(operation: operation, skip: skip, errno: errno, pathContains: pathContains, persistent: false))
        }
    }

    /// Fails every matching call of `operation` until `clearFaults()`.
    public func failAlways(_ operation: Operation, errno: Int32 = EIO, pathContains: String? = nil) {
        state.withLock {
            $0.rules.append(Rule(operation: operation, skip: 0, errno: errno, pathContains: pathContains, persistent: true))
        }
    }

    public func clearFaults() {
        state.withLock { $0.rules = [] }
    }

    /// Simulates the process dying after `operations` more mutating calls: from then on every call fails
    /// with EIO and changes nothing, until `crash(_:)`.
    public func freeze(afterOperations operations: Int) {
        state.withLock {
            $0.freezeAfter = operations
            $0.frozen = operations <= 0
        }
    }

    /// Simulated power loss (or process crash, with `.keepAll`). Clears a freeze; open handles become invalid.
    public func crash(_ mode: CrashMode) {
        state.withLock {
            $0.fs.crash(mode)
            $0.frozen = false
            $0.freezeAfter = nil
            $0.rules = []
        }
    }

    /// Bytes a write may grow the files to before failing with ENOSPC; settable to simulate freeing space.
    public var capacityBytes: Int {
        get { state.withLock { $0.capacityBytes } }
        set { state.withLock { $0.capacityBytes = newValue } }
    }

    public var usedBytes: Int { state.withLock { $0.fs.usedBytes() } }

    public func count(_ operation: Operation) -> Int {
        state.withLock { $0.counts[operation, default: 0] }
    }

    public func resetCounts() {
        state.withLock { $0.counts = [:] }
    }

    /// Records every call as a line ("rename /a -> /b") for audits of call order.
    public func setLogging(_ on: Bool) {
        state.withLock {
            $0.logging = on
            $0.log = []
        }
    }

    public func operationLog() -> [String] {
        state.withLock { $0.log }
    }

    /// The bytes a reader sees now, or nil when there is no such file.
    public func contents(of path: String) -> [UInt8]? {
        state.withLock { s in s.fs.node(atPath: path).map { s.fs.nodes[$0]!.data } }
    }

    /// Replaces a file's bytes, durably (as bit rot or an operator's edit would); the file must exist.
    public func replaceContents(of path: String, with bytes: [UInt8]) {
        state.withLock { s in
            guard let id = s.fs.node(atPath: path) else { preconditionFailure("no file \(path)") }
            s.fs.nodes[id] = FaultyFileSystem.FileNode(data: bytes, durable: bytes, dirty: [])
        }
    }

    // MARK: The shell every Storage call goes through

    private static let mutating: Set<Operation> = [.write, .fdatasync, .fsync, .truncate, .zeroFill, .makeDirectory,
                                                    .rename, .remove, .fsyncDirectory]

    func perform<T>(_ op: Operation, _ path: String, grow: (FaultyFileSystem) -> Int = { _ in 0 },
                    _ body: (inout FaultyFileSystem) throws -> T) throws -> T {
        try state.withLock { s in
            s.counts[op, default: 0] += 1
            if s.logging { s.log.append("\(op.rawValue) \(path)") }
            if s.frozen { throw DurabilityError.io(operation: op.rawValue, path: path, errno: EIO) }
            if Self.mutating.contains(op), let n = s.freezeAfter {
                if n <= 0 {
                    s.frozen = true
                    throw DurabilityError.io(operation: op.rawValue, path: path, errno: EIO)
                }
                s.freezeAfter = n - 1
            }
            if let index = s.rules.firstIndex(where: { $0.operation == op && ($0.pathContains.map { path.contains($0) } ?? true) }) {
                if s.rules[index].skip > 0 {
                    s.rules[index].skip -= 1
                } else {
                    let code = s.rules[index].errno
                    if !s.rules[index].persistent { s.rules.remove(at: index) }
                    throw DurabilityError.storage(op.rawValue, path, code)
                }
            }
            let growth = grow(s.fs)
            if growth > 0 && s.fs.usedBytes() + growth > s.capacityBytes {
                throw DurabilityError.storage(op.rawValue, path, ENOSPC)
            }
            do {
                return try body(&s.fs)
            } catch let failure as FaultyFileSystem.Failure {
                throw DurabilityError.storage(op.rawValue, path, failure.code)
            }
        }
    }
}
