import Snapshot
import Synchronization

/// Components for the benchmarks: one that only counts what replay applies, and one holding many small
/// records whose snapshot is measured.
enum BenchComponents {
    static let kind: UInt16 = 1

    /// Counts applied records; its snapshot section is one integer.
    final class Counter: Sendable {
        let applied = Atomic<UInt64>(0)

        func component(journal: Journal) -> SnapshotComponent {
            SnapshotComponent(
                name: "counter", knownKinds: [BenchComponents.kind],
                capture: { [self] in
                    let n = applied.load(ordering: .relaxed)
                    return SnapshotCapture(lsn: journal.lastLSN) { try $0.write(n) }
                },
                restore: { [self] reader in applied.store(try reader.read(UInt64.self), ordering: .relaxed) },
                apply: { [self] _ in applied.add(1, ordering: .relaxed) })
        }
    }

    /// A small record of actor state: four 64-bit fields (32 bytes), written field by field as an actor's
    /// serialiser would.
    struct SmallRecord: Sendable {
        var id: UInt64
        var channel: UInt64
        var createdAt: UInt64
        var flags: UInt64
    }

    /// Holds `count` small records in one array; the snapshot streams them straight into the file.
    final class ManyRecords: Sendable {
        let records: [SmallRecord]
        let restored = Atomic<Int>(0)

        init(count: Int) {
            records = (0..<count).map { i in
                SmallRecord(id: UInt64(i), channel: UInt64(i % 1000), createdAt: 1_700_000_000_000 + UInt64(i), flags: 0)
            }
        }

        func component(journal: Journal) -> SnapshotComponent {
            SnapshotComponent(
                name: "records", knownKinds: [BenchComponents.kind],
                capture: { [self] in
                    let copy = records  // copy-on-write: no bytes are copied
                    return SnapshotCapture(lsn: journal.lastLSN) { writer in
                        try writer.write(UInt64(copy.count))
                        for r in copy {
                            try writer.write(r.id)
                            try writer.write(r.channel)
                            try writer.write(r.createdAt)
                            try writer.write(r.flags)
                        }
                    }
                },
                restore: { [self] reader in
                    let count = Int(try reader.read(UInt64.self))
                    for _ in 0..<count {
                        _ = try reader.read(UInt64.self)
                        _ = try reader.read(UInt64.self)
                        _ = try reader.read(UInt64.self)
                        _ = try reader.read(UInt64.self)
                    }
                    restored.store(count, ordering: .relaxed)
                },
                apply: { _ in })
        }
    }
}
