/// The report as a plain-text table for stdout: one row per ramp step, then the verdict.
extension MattermostReport {
    var table: String {
        var lines = ["mattermost\(label.map { " \"\($0)\"" } ?? ""): speed-up \(Format.fixed(speedup, 1)) "
            + "(one action per user every \(Format.fixed(thinkMeanSeconds, 1)) s on average), \(populationSummary)"]
        let header = ["step", "users", "open WS", "req/s", "mean ms", "p50 ms", "p99 ms", "max ms", "errors", "error %",
                      "WS events/s", "server CPU", "server RSS", "gen CPU", "healthy"]
        var rows = [header]
        for s in steps {
            let l = s.latencyMs
            func ms(_ v: Double?) -> String { v.map { Format.fixed($0, 1) } ?? "—" }
            rows.append([String(s.step), Format.grouped(s.users), Format.grouped(s.webSocketsOpen), Format.fixed(s.requestsPerSecond, 1),
                         ms(l?.mean), ms(l?.p50), ms(l?.p99), ms(l?.max), Format.grouped(s.errors), Format.fixed(s.errorRate * 100, 3),
                         Format.fixed(s.webSocketEventsPerSecond, 1), s.serverCPUCores.map { Format.fixed($0, 2) } ?? "—",
                         s.serverRSSBytes.map(Format.mib) ?? "—", Format.fixed(s.generatorCPUCores, 2), s.verdict.healthy ? "yes" : "no"])
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        for (n, row) in rows.enumerated() {
            lines.append(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
            if n == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        if let last = steps.last {
            lines.append("requests of the last step by kind (count, errors, p99 ms):")
            for k in last.kinds where k.requests > 0 {
                lines.append("  \(k.kind.padding(toLength: 24, withPad: " ", startingAt: 0)) \(Format.grouped(k.requests)), "
                    + "\(k.errors), \(k.latencyMs.map { Format.fixed($0.p99, 1) } ?? "—")")
            }
        }
        lines.append("users held: \(usersHeld.map(Format.grouped) ?? "none")"
            + (requestEquivalentUsers.map { " (the request rate of \(Format.grouped($0)) real-time users)" } ?? ""))
        lines.append("limit: \(limit)")
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
