import ArgumentParser

/// What every connection scenario but `fanout` shares: the report, the connection threads, the REST connections
/// for the population and the source addresses.
struct RunOptions: ParsableArguments {
    @Option(help: "Write the report as JSON here.") var json: String?
    @Option(help: "A label for the report.") var label: String?
    @Option(help: "Connection threads (epoll loops).") var threads = 2
    @Option(help: "Keep-alive connections for REST (the population).") var connections = 4
    @Option(name: .customLong("source-addresses"),
            help: "Connect from this many 127.0.0.x addresses (default: more than one only past 25,000 ports).")
    var sourceAddresses: Int?

    func validate() throws {
        guard threads > 0, connections > 0 else { throw ValidationError("threads and connections must be positive") }
    }

    /// Source addresses for `count` connections to each system (and the REST connections).
    func sources(for count: Int) -> [UInt32?] {
        SourceAddresses.forConnections(count + connections, count: sourceAddresses)
    }

    /// Checks that `count` connections and the tool's own fit in one process's descriptors.
    func checkDescriptors(_ count: Int, what: String) throws {
        try ParleyTarget.checkDescriptors(count, what, restConnections: connections)
    }
}
