import ArgumentParser

/// `parley`: the chat server and its operator tools.
@main
struct ParleyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A self-hosted team chat server that Mattermost clients talk to unchanged.",
        version: ParleyVersion.full,
        subcommands: [ServeCommand.self, JournalCommand.self, SnapshotCommand.self, RestoreCommand.self]
    )
}

enum ParleyVersion {
    /// The Mattermost server version Parley presents itself as (clients refuse servers older than 9.11).
    static let mattermostCompatible = "10.11.0"
    static let build = "0"
    static let full = "parley \(mattermostCompatible)-\(build)"
}
