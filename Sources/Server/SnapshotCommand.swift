import ArgumentParser

/// `parley snapshot create|verify|inspect` against a data directory.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Take a snapshot of a stopped server's data directory, or check and list its snapshots.",
        subcommands: [SnapshotCreateCommand.self, SnapshotVerifyCommand.self, SnapshotInspectCommand.self]
    )
}
