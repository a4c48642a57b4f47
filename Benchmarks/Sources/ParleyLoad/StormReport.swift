/// One `parley-load connect-storm` run: the schedule, each system's result and Parley's rate against each peer's.
struct StormReport: JSONReport, Sendable {
    var label: String?
    var date: String
    var schedule: RampSchedule
    var target: Int
    var failuresMax: Int
    var lagSecondsMax: Double
    var users: Int
    var server: String
    var durability: String?
    var results: [StormResult]
    /// Parley's connections/s over the peer's, by peer name.
    var ratios: [String: Double]
    var notes: [String]

    static func ratios(_ results: [StormResult]) -> [String: Double] {
        PeerRatios.of(results, system: \.system, value: { $0.connectionsPerSecond })
    }

    static func warnings(_ r: StormResult) -> [String] {
        var out: [String] = []
        if r.connectFailures + r.disconnects > 0 {
            out.append("\(r.system): \(r.connectFailures) failed, \(r.disconnects) lost"
                + (r.firstConnectionError.map { " (first error: \($0))" } ?? ""))
        }
        if r.generatorBound { out.append("\(r.system): generator-bound (\(Format.fixed(r.generatorCPUSeconds, 2)) CPU s in \(Format.fixed(r.seconds, 2)) s)") }
        if r.stopReason != .target { out.append("\(r.system): stopped before the target: \(r.stopReason.rawValue)") }
        return out
    }

    var table: String {
        var table = TextTable(heading: "connect-storm\(label.map { " \"\($0)\"" } ?? ""): to \(Format.grouped(target)) connections, "
            + "\(Format.grouped(Int(schedule.startPerSecond))) → \(Format.grouped(Int(schedule.maxPerSecond)))/s over "
            + "\(Format.fixed(schedule.rampSeconds, 0)) s, stop past \(failuresMax) failures or \(Format.fixed(lagSecondsMax, 1)) s behind")
        let peers = results.filter { $0.system != "Parley" }
        func row(_ name: String, _ cell: (StormResult) -> String, extra: [String] = []) {
            table.row(name, results.map(cell), extra: extra)
        }
        row("", { $0.system }, extra: peers.map { "Parley ÷ \($0.system)" })
        row("connections/s", { Format.grouped(Int($0.connectionsPerSecond.rounded())) },
            extra: peers.map { p in ratios[p.system].map { Format.fixed($0, 2) + "×" } ?? "—" })
        row("peak in one second", { Format.grouped($0.peakPerSecond) })
        row("ready / failed / lost", { "\(Format.grouped($0.ready)) / \($0.connectFailures) / \($0.disconnects)" })
        row("stopped by", { "\($0.stopReason.rawValue) at \(Format.fixed($0.seconds, 1)) s" })
        row("offered at stop /s", { Format.grouped(Int($0.offeredPerSecondAtStop)) })
        for (name, value) in FanoutReport.percentiles {
            row("handshake \(name) ms", { $0.handshakeMs.map { Format.fixed(value($0), 2) } ?? "—" })
        }
        row("server CPU s", { $0.serverCPUSeconds.map { Format.fixed($0, 2) } ?? "—" })
        row("server RSS after", { $0.serverRSSBytesAfter.map(Format.mib) ?? "—" })
        row("generator CPU s", { Format.fixed($0.generatorCPUSeconds, 2) + ($0.generatorBound ? " (bound)" : "") })
        table.notes(notes)
        return table.text
    }
}
