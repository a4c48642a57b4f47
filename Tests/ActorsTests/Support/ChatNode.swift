import Logging
import Snapshot
@testable import Actors

/// One recovered chat server without sockets: a durability engine on a (usually faulty, in-memory) storage,
/// the runtime whose actors serve, and the components that snapshot them. Opening a node on a storage is what a
/// restart does: register, recover, install.
struct ChatNode {
    static let directory = "/data"
    /// Small segments: FaultyStorage copies a file's bytes on the first write after each sync, so the cost of
    /// a record grows with the segment size. Retired segments are archived (never deleted) so that a copy with
    /// its snapshots removed and its archive moved back replays the whole journal.
    static let segmentBytes = 64 << 10
    static let archiveRetentionMillis = Int64(1) << 50
    static let recordBytesMax = 16 << 10

    let engine: DurabilityEngine
    let runtime: ChatRuntime
    let components: ChatComponents
    let report: RecoveryReport

    var journal: Journal { engine.journal }
    var directory: DirectoryActor { runtime.directory }

    static func configuration(_ policy: DurabilityConfiguration.Policy = .durable) -> DurabilityConfiguration {
        var c = DurabilityConfiguration(policy: policy)
        c.segmentBytes = segmentBytes
        c.snapshotChunkBytes = 4096
        c.archiveRetentionMillis = archiveRetentionMillis
        c.recordBytesMax = recordBytesMax
        return c
    }

    /// Recovers whatever `storage` holds (nothing, the first time) and installs the actors.
    static func open(storage: FaultyStorage, clock: ManualChatClock = ManualChatClock(),
                     settings: ChatSettings = ChatSettings(),
                     configuration: DurabilityConfiguration = ChatNode.configuration(),
                     options: RecoveryOptions = RecoveryOptions()) throws -> ChatNode {
        let logger = Logger(label: "actors-tests") { _ in SwiftLogNoOpLogHandler() }
        let engine = try DurabilityEngine(directory: directory, configuration: configuration, storage: storage,
                                          clock: ManualDurabilityClock(), logger: logger, makeEpoch: { 0xC4A7_0001 })
        let runtime = ChatRuntime(journal: engine.journal, clock: clock, settings: SettingsView(settings))
        let components = ChatComponents(runtime: runtime)
        for component in components.all { try engine.register(component) }
        let report = try engine.start(options)
        components.install()
        return ChatNode(engine: engine, runtime: runtime, components: components, report: report)
    }

    func close() {
        engine.close()
    }

    /// Snapshot file names in the data directory.
    static func snapshotNames(_ storage: FaultyStorage) throws -> [String] {
        try storage.list(directory + "/snapshots").filter { $0.hasSuffix(".snap") }.sorted()
    }

    /// Removes every snapshot of `storage` (a copy) and moves the archived segments back into the journal, so
    /// the next open replays the whole journal from LSN 1.
    static func removeSnapshots(_ storage: FaultyStorage) throws {
        for name in try snapshotNames(storage) { try storage.remove(directory + "/snapshots/" + name) }
        let archive = directory + "/archive"
        guard storage.exists(archive) else { return }
        for name in try storage.list(archive) {
            if name.hasSuffix(".seg") {
                try storage.rename(archive + "/" + name, to: directory + "/journal/" + name)
            } else {
                try storage.remove(archive + "/" + name)
            }
        }
    }
}
