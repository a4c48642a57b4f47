import ArgumentParser

/// `parley-load`: load generators for Parley that measure it side by side with a peer (Benchmarks/README.md).
@main
struct ParleyLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-load",
        abstract: "Load Parley and a peer the same way and report both.",
        subcommands: [FanoutCommand.self, MattermostCommand.self, IdleCommand.self, ConnectStormCommand.self])
}
