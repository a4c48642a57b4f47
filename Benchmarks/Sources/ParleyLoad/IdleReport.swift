/// One `parley-load idle` run: the shape, each system's result, and Parley's bytes per connection against each peer's.
struct IdleReport: JSONReport, Sendable {
    var label: String?
    var date: String
    var connections: Int
    var warmup: Int
    var users: Int
    var settleSeconds: Double
    var server: String
    var durability: String?
    var results: [IdleResult]
    /// Parley's bytes per connection over the peer's, by peer name.
    var ratios: [String: Double]
    var notes: [String]

    static func ratios(_ results: [IdleResult]) -> [String: Double] {
        PeerRatios.of(results, system: \.system, value: \.bytesPerConnection)
    }

    /// What a reader of the table must know about a result.
    static func warnings(_ r: IdleResult) -> [String] {
        var out: [String] = []
        if r.ready < r.connections {
            out.append("\(r.system): only \(r.ready) of \(r.connections) connected"
                + (r.firstConnectionError.map { " (first error: \($0))" } ?? ""))
        }
        if r.disconnects > 0 { out.append("\(r.system): \(r.disconnects) connections lost while held") }
        if r.serverRSSBytesHeld == nil { out.append("\(r.system): no server pid or /proc entry: no memory figures") }
        return out
    }

    var table: String {
        var table = TextTable(heading: "idle\(label.map { " \"\($0)\"" } ?? ""): \(Format.grouped(connections)) connections held "
            + "after a warm-up of \(Format.grouped(warmup)), \(users) users, \(Format.fixed(settleSeconds, 1)) s settle")
        let peers = results.filter { $0.system != "Parley" }
        func row(_ name: String, _ cell: (IdleResult) -> String, extra: [String] = []) {
            table.row(name, results.map(cell), extra: extra)
        }
        row("", { $0.system }, extra: peers.map { "Parley ÷ \($0.system)" })
        row("bytes per connection", { $0.bytesPerConnection.map { Format.grouped(Int($0.rounded())) } ?? "—" },
            extra: peers.map { p in ratios[p.system].map { Format.fixed($0, 2) + "×" } ?? "—" })
        row("server RSS at 0", { $0.serverRSSBytesBaseline.map(Format.mib) ?? "—" })
        row("server RSS at N", { $0.serverRSSBytesHeld.map(Format.mib) ?? "—" })
        row("ready / failed / lost", { "\(Format.grouped($0.ready)) / \($0.connectFailures) / \($0.disconnects)" })
        row("connect s", { Format.fixed($0.connectSeconds, 1) })
        row("connections/s", { Format.grouped(Int($0.connectionsPerSecond.rounded())) })
        for (name, value) in FanoutReport.percentiles where name != "p90" {
            row("handshake \(name) ms", { $0.handshakeMs.map { Format.fixed(value($0), 2) } ?? "—" })
        }
        row("server CPU s connecting", { $0.serverCPUSeconds.map { Format.fixed($0, 2) } ?? "—" })
        table.notes(notes)
        return table.text
    }
}
