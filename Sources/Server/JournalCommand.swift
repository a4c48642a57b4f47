import ArgumentParser

/// `parley journal verify|inspect`: read-only tools for a data directory's write-ahead journal.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check or list a data directory's journal (read-only; safe while the server runs).",
        subcommands: [JournalVerifyCommand.self, JournalInspectCommand.self, JournalTortureCommand.self]
    )
}
