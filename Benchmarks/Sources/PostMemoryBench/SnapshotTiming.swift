import Actors
import Foundation
import Logging
import Snapshot
import Synchronization

/// Times the channels' snapshot section through the durability engine, which owns the only way to a
/// `SnapshotWriter` and `SnapshotReader`: `takeSnapshot()` streams every channel through `ChannelCodec.write`
/// (then fsyncs and verifies the file), and a second engine's `start()` reads it back through `ChannelCodec.read`.
/// The section has the same layout `ChatComponents` writes for "chat.channels".
struct SnapshotTiming {
    /// Holds what `restore` produced until the benchmark takes it.
    final class Restored: Sendable {
        let states = Mutex<[ChannelState]>([])
    }

    static let componentName = "chat.channels"

    /// The engine logs at info per snapshot; the benchmark prints its own lines.
    static let logger: Logger = {
        var logger = Logger(label: "post-memory-bench") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        return logger
    }()

    let directory: String

    /// Writes `states` into a snapshot; returns its size and the time `takeSnapshot()` took. The engine, and
    /// with it the component holding `states`, is gone when this returns, so the caller can free the states.
    func write(_ states: [ChannelState]) async throws -> (fileBytes: Int64, seconds: Double) {
        let engine = try DurabilityEngine(directory: directory, logger: SnapshotTiming.logger)
        defer { engine.close() }
        try engine.register(component(states: states, into: Restored(), journal: engine.journal))
        try engine.start()
        let t0 = Measure.now()
        let info = try await engine.takeSnapshot()
        return (info.fileBytes, Measure.now() - t0)
    }

    /// Starts a second engine on the directory, which restores the channels from the snapshot; returns the
    /// time `start()` took (open, verify every chunk's checksum, decode) and the posts restored.
    func read() throws -> (seconds: Double, posts: Int, residentBytes: Int) {
        let restored = Restored()
        let engine = try DurabilityEngine(directory: directory, logger: SnapshotTiming.logger)
        defer { engine.close() }
        try engine.register(component(states: [], into: restored, journal: engine.journal))
        let t0 = Measure.now()
        try engine.start()
        let seconds = Measure.now() - t0
        let posts = restored.states.withLock { $0.reduce(0) { $0 + $1.posts.count } }
        let resident = Measure.residentBytes()
        restored.states.withLock { $0 = [] }
        return (seconds, posts, resident)
    }

    private func component(states: [ChannelState], into restored: Restored, journal: Journal) -> SnapshotComponent {
        SnapshotComponent(
            name: SnapshotTiming.componentName, knownKinds: ChatRecords.kinds,
            capture: {
                SnapshotCapture(lsn: journal.lastLSN) { w in
                    try w.write(UInt32(states.count))
                    for s in states { try ChannelCodec.write(s, to: &w) }
                }
            },
            restore: { r in
                let count = try r.read(UInt32.self)
                var out: [ChannelState] = []
                for _ in 0..<count { out.append(try ChannelCodec.read(&r)) }
                restored.states.withLock { $0 = out }
            },
            apply: { _ in })
    }
}
