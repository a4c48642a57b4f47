/// The report as a plain-text table for stdout: one column per system and Parley's ratio to each peer.
extension FanoutReport {
    var table: String {
        var table = TextTable(heading: heading)
        let systems = [parley, redis, nats].compactMap { $0 }
        let peers = [redis, nats].compactMap { $0 }
        func row(_ name: String, _ cell: (SystemResult) -> String, ratios: [String] = []) {
            table.row(name, systems.map(cell), extra: ratios)
        }
        row("", { $0.system }, ratios: parley == nil ? [] : peers.map { "Parley ÷ \($0.system)" })
        row("deliveries/s", { Format.rate($0.deliveriesPerSecond) },
            ratios: peers.map { p in Format.ratio(parley?.deliveriesPerSecond, p.deliveriesPerSecond) })
        row("deliveries", { "\(Format.grouped($0.deliveries))/\(Format.grouped($0.expectedDeliveries))" })
        row("losses", { Format.grouped($0.losses) })
        row("seq gaps", { $0.system == "Parley" ? Format.grouped($0.seqGaps) : "—" })
        for (name, value) in Self.percentiles {
            row("latency \(name) ms", { $0.latencyMs.map { Format.fixed(value($0), 2) } ?? "—" },
                ratios: peers.map { latencyRatio(value, $0) })
        }
        row("payload bytes (median)", { $0.payloadBytesMedian.map(Format.grouped) ?? "—" })
        row("posts accepted / errors", { "\(Format.grouped($0.postsAccepted)) / \(Format.grouped($0.postErrors))" })
        row("subscribers ready / lost", { "\(Format.grouped($0.subscribersReady)) / \($0.connectFailures + $0.disconnects)" })
        row("connect s", { Format.fixed($0.connectSeconds, 1) })
        row("server CPU s", { $0.serverCPUSeconds.map { Format.fixed($0, 2) } ?? "—" })
        row("server RSS connected", { $0.serverRSSBytesConnected.map(Format.mib) ?? "—" })
        row("server RSS peak", { $0.serverRSSBytesPeak.map(Format.mib) ?? "—" })
        row("generator CPU s / wall s", { "\(Format.fixed($0.generatorCPUSeconds, 2)) / \(Format.fixed($0.wallSeconds, 2))" })
        row("generator-bound", { $0.generatorBound ? "yes" : "no" })
        table.notes(notes)
        return table.text
    }

    private var heading: String {
        let mode = shape.ratePerSecond > 0 ? "\(Format.fixed(shape.ratePerSecond, 0)) posts/s" : "pipelined, \(shape.pipeline) outstanding"
        return "fanout\(label.map { " \"\($0)\"" } ?? ""): \(Format.grouped(shape.subscribers)) subscribers (\(shape.users) users), "
            + "\(Format.grouped(shape.posts)) posts, \(mode), \(shape.messageBytes)-byte messages"
            + (peerPayloadBytes.map { ", peer payload \($0) bytes (\(peerPayloadSource ?? ""))" } ?? "")
    }

    static let percentiles: [(String, @Sendable (SystemResult.Latency) -> Double)] = [
        ("p50", { $0.p50 }), ("p90", { $0.p90 }), ("p99", { $0.p99 }), ("p99.9", { $0.p999 }), ("max", { $0.max }),
    ]

    private func latencyRatio(_ value: (SystemResult.Latency) -> Double, _ peer: SystemResult) -> String {
        guard let a = parley?.latencyMs, let b = peer.latencyMs else { return "" }
        return Format.ratio(value(a), value(b))
    }
}
