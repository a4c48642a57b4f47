import ArgumentParser

/// The options that say which Parley a scenario loads (`ParleyTarget`) and where its population is kept, shared by
/// every scenario.
struct ParleyTargetOptions: ParsableArguments {
    @Option(help: "Parley to load (when not started with --start).") var server: String?
    @Option(help: "Start this parley binary on a free loopback port and stop it at the end.") var start: String?
    @Option(name: .customLong("server-pid"), help: "Pid of --server, for its CPU and memory.") var serverPID: Int32?
    @Option(name: .customLong("data-dir"), help: "Data directory for --start (default: a temporary one).") var dataDir: String?
    @Option(help: "Journal policy for --start: durable, relaxed or memory.") var durability = "durable"
    @Option(help: "PARLEY_IO for --start: uring or epoll (default: Parley's choice).") var io: String?
    @Option(help: "Keeps the population and its tokens between runs, so re-runs skip sign-up and login.") var state: String?

    func validate() throws {
        guard server == nil || start == nil else { throw ValidationError("give --server or --start, not both") }
        guard ["durable", "relaxed", "memory"].contains(durability) else { throw ValidationError("--durability is durable, relaxed or memory") }
    }
}
