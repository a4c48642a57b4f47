import ArgumentParser

struct FanoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fanout")
    func run() throws {}
}
