import Foundation
import Logging
@testable import Snapshot

/// One data directory on a FaultyStorage, with a manual clock and captured logs, and helpers to open an
/// engine with the two test components (even and odd keys).
struct Harness {
    static let directory = "/data"

    var storage: FaultyStorage
    var clock: ManualDurabilityClock
    /// The data directory `open` uses.
    var root = Harness.directory
    var configuration: DurabilityConfiguration
    var logs = LogStore()

    init(policy: DurabilityConfiguration.Policy = .durable, storage: FaultyStorage = FaultyStorage(),
         configure: (inout DurabilityConfiguration) -> Void = { _ in }) {
        self.storage = storage
        clock = ManualDurabilityClock()
        var c = DurabilityConfiguration(policy: policy)
        c.segmentBytes = 16 << 10
        c.recordBytesMax = 2048
        c.pendingBytesMax = 1 << 20
        c.snapshotChunkBytes = 256
        configure(&c)
        configuration = c
    }

    /// The same configuration on an independent copy of the storage, with its own logs.
    func copy() -> Harness {
        var h = self
        h.storage = storage.copy()
        h.logs = LogStore()
        return h
    }

    /// A fresh engine and components on the same storage, recovered.
    func open(options: RecoveryOptions = RecoveryOptions(), parities: [UInt64?] = [0, 1]) throws
        -> (engine: DurabilityEngine, stores: [KVStore], report: RecoveryReport) {
        let engine = try DurabilityEngine(directory: root, configuration: configuration, storage: storage,
                                          clock: clock, logger: logs.logger, makeEpoch: { 0xE90C_0001 })
        let stores = parities.map { KVStore(name: $0.map { "kv\($0)" } ?? "kv", parity: $0) }
        for s in stores { try engine.register(s.component) }
        let report = try engine.start(options)
        return (engine, stores, report)
    }

    /// The state held by all components together.
    static func combined(_ stores: [KVStore]) -> KVState {
        var s = KVState()
        for store in stores { s.values.merge(store.state.values) { a, _ in a } }
        return s
    }

    static func store(for op: KVOp, in stores: [KVStore]) -> KVStore {
        stores.first { $0.owns(op.key) }!
    }

    /// Applies `ops` one by one, each awaited until durable; returns their LSNs.
    @discardableResult
    static func run(_ ops: [KVOp], on engine: DurabilityEngine, stores: [KVStore]) async throws -> [LSN] {
        var lsns: [LSN] = []
        for op in ops {
            let lsn = try store(for: op, in: stores).mutate(op, journal: engine.journal)
            try await engine.journal.durable(lsn)
            lsns.append(lsn)
        }
        return lsns
    }

    static func randomOps(seed: UInt64, count: Int, fillerMax: Int = 300) -> [KVOp] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in KVOp.random(&rng, fillerMax: fillerMax) }
    }

    /// Segment file names in the journal directory, in LSN order.
    func segmentNames() throws -> [String] {
        try storage.list(root + "/journal").filter { $0.hasSuffix(".seg") }.sorted()
    }

    func snapshotNames() throws -> [String] {
        try storage.list(root + "/snapshots").filter { $0.hasSuffix(".snap") }.sorted()
    }

    /// Waits (without asserting on time) until `condition` holds, polling; gives up after many tries.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    static var long: Bool { ProcessInfo.processInfo.environment["PARLEY_LONG_TESTS"] == "1" }
}
