import Glibc
import Histogram

extension FanoutRun {
    /// The CPU share above which the generator, not the system under test, may have set the pace.
    static let generatorBoundShare = 0.8

    func result(system: String, subscribers: Int, _ m: Measured, serverPID: pid_t?) -> SystemResult {
        let r = m.recorder
        let p = m.publish
        let expected = r.ready * p.replies.ok
        let start = p.firstSendNanos
        // Throughput counts from the first send to the last delivery; with nothing delivered, to the last reply.
        let end = r.deliveries > 0 ? r.lastDeliveryNanos : max(p.lastReplyNanos, start)
        let seconds = start > 0 ? Double(end - start) / 1e9 : 0
        let wall = start > 0 && m.endNanos > start ? Double(m.endNanos - start) / 1e9 : 0
        return SystemResult(
            system: system, subscribers: subscribers, subscribersReady: r.ready, connectFailures: r.failures,
            disconnects: r.disconnects, firstConnectionError: r.firstFailure, connectSeconds: m.connectSeconds,
            postsSent: p.sent, postsAccepted: p.replies.ok, postErrors: p.replies.errors,
            firstPostError: p.replies.firstError, publishFailure: p.failure,
            expectedDeliveries: expected, deliveries: r.deliveries, losses: max(0, expected - r.deliveries),
            seqGaps: r.seqGaps, otherEvents: r.otherEvents, seconds: seconds,
            deliveriesPerSecond: seconds > 0 ? Double(r.deliveries) / seconds : 0,
            latencyMs: r.deliveries > 0 ? Self.latency(r.latency) : nil, latencyClamped: r.latencyClamped,
            payloadBytesMedian: r.medianPayloadBytes,
            publishSeconds: p.lastReplyNanos > start ? Double(p.lastReplyNanos - start) / 1e9 : 0,
            publishLagMsMax: Double(p.lagNanosMax) / 1e6, serverPID: serverPID, serverCPUSeconds: m.serverCPU,
            serverRSSBytesBeforeConnections: m.rssBefore, serverRSSBytesConnected: m.rssConnected,
            serverRSSBytesPeak: m.rssPeak, generatorCPUSeconds: m.generatorCPU, wallSeconds: wall,
            generatorBound: wall > 0 && m.generatorCPU / wall > Self.generatorBoundShare)
    }

    /// Percentiles in milliseconds of a histogram kept in units of `unitNanos` nanoseconds.
    static func latency(_ h: Histogram<UInt64>, unitNanos: Double = 1) -> SystemResult.Latency {
        func ms(_ value: UInt64) -> Double { Double(value) * unitNanos / 1e6 }
        return SystemResult.Latency(
            p50: ms(h.valueAtPercentile(50)), p90: ms(h.valueAtPercentile(90)), p99: ms(h.valueAtPercentile(99)),
            p999: ms(h.valueAtPercentile(99.9)), max: ms(h.max), mean: h.mean * unitNanos / 1e6)
    }
}
