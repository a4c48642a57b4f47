import Snapshot
import Synchronization

/// The one component the server has before the Actors layer exists: it owns the diagnostic record kind that
/// `parley journal torture` writes, so a data directory filled by that tool recovers, snapshots and restores
/// through the same code as a real one. Its state is a summary of those records (how many, how many payload
/// bytes, the last LSN), enough to check that snapshot plus replay saw each record exactly once.
final class DiagnosticRecords: Sendable {
    /// Reserved for diagnostics; the Actors layer numbers its kinds from 1 and never uses the top 256.
    static let kind: UInt16 = 0xFF00
    static let name = "diagnostics"
    private static let sectionVersion: UInt8 = 1

    struct Summary: Sendable, Equatable {
        var records: UInt64 = 0
        var payloadBytes: UInt64 = 0
        var lastLSN: LSN = 0
    }

    private let journal: Journal
    // Appends happen under this lock, so a capture under it sees a state that matches `journal.lastLSN`.
    private let summary = Mutex(Summary())

    init(journal: Journal) {
        self.journal = journal
    }

    var current: Summary { summary.withLock { $0 } }

    /// Appends a diagnostic record and counts it, in one step (what an actor's mutation will do).
    func append(_ payload: [UInt8]) throws -> LSN {
        try summary.withLock { s in
            let lsn = try journal.append(kind: Self.kind, payload: payload)
            s.add(lsn: lsn, payloadBytes: payload.count)
            return lsn
        }
    }

    var component: SnapshotComponent {
        SnapshotComponent(
            name: Self.name, knownKinds: [Self.kind],
            capture: { [self] in
                let (copy, lsn) = summary.withLock { ($0, journal.lastLSN) }
                return SnapshotCapture(lsn: lsn) { writer in
                    try writer.write(Self.sectionVersion)
                    try writer.write(copy.records)
                    try writer.write(copy.payloadBytes)
                    try writer.write(copy.lastLSN)
                }
            },
            restore: { [self] reader in
                let version = try reader.read(UInt8.self)
                guard version == Self.sectionVersion else {
                    throw DurabilityError.snapshotSection(component: Self.name, reason: "section version \(version)")
                }
                let restored = Summary(records: try reader.read(UInt64.self), payloadBytes: try reader.read(UInt64.self),
                                       lastLSN: try reader.read(UInt64.self))
                summary.withLock { $0 = restored }
            },
            apply: { [self] entry in
                guard entry.kind == Self.kind else { return }
                summary.withLock { $0.add(lsn: entry.lsn, payloadBytes: entry.payload.count) }
            })
    }
}

extension DiagnosticRecords.Summary {
    mutating func add(lsn: LSN, payloadBytes bytes: Int) {
        records += 1
        payloadBytes += UInt64(bytes)
        lastLSN = lsn
    }
}
