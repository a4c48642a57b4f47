import Snapshot

/// The components the server registers with its durability engine. Every command that opens an engine on a
/// data directory builds its set here — `serve`, `snapshot create` and `journal torture` — so an offline
/// snapshot holds exactly the sections the running server's would, and recovery knows the same record kinds
/// whichever command opens the directory.
///
/// Today the set is the diagnostics component alone. The Actors issue adds one component per actor family
/// (users, teams, channels, posts, ...) in `make`, and nothing else has to change.
struct DurabilityComponents: Sendable {
    let diagnostics: DiagnosticRecords

    static func make(journal: Journal) -> DurabilityComponents {
        DurabilityComponents(diagnostics: DiagnosticRecords(journal: journal))
    }

    var all: [SnapshotComponent] { [diagnostics.component] }

    /// The one-line description the commands' help repeats.
    static let helpNote = "The components are the server's own (today only the diagnostics component, which owns the"
        + " records of the torture tool; the Actors layer adds one per actor family)."
}
