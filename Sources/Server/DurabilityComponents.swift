import Actors
import Snapshot

/// The components the server registers with its durability engine. Every command that opens an engine on a
/// data directory builds its set here — `serve`, `snapshot create` and `journal torture` — so an offline
/// snapshot holds exactly the sections the running server's would, and recovery knows the same record kinds
/// whichever command opens the directory.
struct DurabilityComponents: Sendable {
    let diagnostics: DiagnosticRecords
    /// The chat domain: its runtime (the actors) and its three snapshot components.
    let runtime: ChatRuntime
    let chat: ChatComponents

    static func make(journal: Journal, clock: any ChatClock = SystemChatClock(),
                     settings: SettingsView = SettingsView()) -> DurabilityComponents {
        let runtime = ChatRuntime(journal: journal, clock: clock, settings: settings)
        return DurabilityComponents(diagnostics: DiagnosticRecords(journal: journal), runtime: runtime,
                                    chat: ChatComponents(runtime: runtime))
    }

    var all: [SnapshotComponent] { [diagnostics.component] + chat.all }

    /// After recovery: the recovered states become the actors that serve.
    func started() {
        chat.install()
    }

    /// The one-line description the commands' help repeats.
    static let helpNote = "The components are the server's own: the chat directory (users, sessions, preferences,"
        + " roles, configuration), the teams, the channels (with their posts), and the diagnostics of the torture tool."
}
