extension FanoutSession {
    /// Without a delivered `posted` frame to measure, a peer publishes this much more than the message: about what
    /// the Post JSON, its escaping and the event envelope add (PERFORMANCE.md: ~1 KB for a 100–200-byte message).
    static let postedFrameOverheadEstimate = 900

    /// The size of what the peers publish: `--peer-payload-bytes`, else the median `posted` payload Parley's subscribers
    /// received, else an estimate (noted in the report).
    mutating func peerPayload(_ parley: SystemResult) -> (bytes: Int, source: String) {
        if let bytes = command.peerPayloadBytes { return (bytes, "option") }
        if let bytes = parley.payloadBytesMedian { return (max(bytes, 64), "measured") }
        let estimate = shape.messageBytes + Self.postedFrameOverheadEstimate
        notes.append("no posted frame reached a subscriber; peer payloads use an estimate of \(estimate) bytes")
        return (estimate, "estimate")
    }

    /// What a reader of the table must know about a result.
    static func warnings(_ r: SystemResult) -> [String] {
        var out: [String] = []
        if r.subscribersReady < r.subscribers {
            out.append("\(r.system): only \(r.subscribersReady) of \(r.subscribers) subscribers connected"
                + (r.firstConnectionError.map { " (first error: \($0))" } ?? ""))
        }
        if r.disconnects > 0 { out.append("\(r.system): \(r.disconnects) subscribers lost during the run") }
        if r.postErrors > 0 { out.append("\(r.system): \(r.postErrors) posts refused, first: \(r.firstPostError ?? "?")") }
        if let failure = r.publishFailure { out.append("\(r.system): publishing stopped: \(failure)") }
        if r.losses > 0 { out.append("\(r.system): \(r.losses) of \(r.expectedDeliveries) deliveries lost") }
        if r.deliveries == 0 && r.expectedDeliveries > 0 { out.append("\(r.system): 0 deliveries") }
        if r.generatorBound {
            out.append("\(r.system): generator-bound (the generator used \(Format.fixed(r.generatorCPUSeconds, 2)) CPU s "
                + "in \(Format.fixed(r.wallSeconds, 2)) s)")
        }
        return out
    }
}
