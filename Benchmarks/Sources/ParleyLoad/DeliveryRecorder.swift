import Histogram

/// What one receiving thread saw: deliveries with their latency, sequence gaps, and how its connections fared.
/// Owned by one subscriber thread while it runs (`// subscriber thread only`); handed to the main thread at the
/// end and merged there.
struct DeliveryRecorder: Sendable {
    /// Latencies up to this are recorded exactly (3 significant digits); a larger one is clamped, and counted.
    static let latencyNanosMax: UInt64 = 120_000_000_000
    /// Sizes of the first deliveries' payloads are kept for the median; that many are plenty.
    static let payloadSamplesMax = 4096

    /// Where the last stamp was found (`SendStamp.find`), -1 before the first.
    var stampHint = -1

    /// The time of the read being handled, set by the shell before it hands bytes to a state machine.
    var now: UInt64 = 0
    var latency = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: latencyNanosMax,
                                    numberOfSignificantValueDigits: .three)
    var deliveries = 0
    var firstDeliveryNanos: UInt64 = .max
    var lastDeliveryNanos: UInt64 = 0
    var latencyClamped = 0
    var payloadSamples: [Int] = []
    /// Events other than stamped deliveries (`hello`, `status_change`, system posts, ...).
    var otherEvents = 0
    /// Times a connection's `seq` did not go up by exactly 1.
    var seqGaps = 0
    var ready = 0
    var failures = 0
    var firstFailure: String?
    /// Connections the server closed, or that broke, after they were ready.
    var disconnects = 0
    /// From a connection's `socket()` to its being ready (a WebSocket's `hello`, a subscription's confirmation).
    var handshakes = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: latencyNanosMax,
                                       numberOfSignificantValueDigits: .three)
    var firstReadyNanos: UInt64 = .max
    var lastReadyNanos: UInt64 = 0

    /// A connection opened at `openedNanos` became ready now.
    mutating func handshaken(openedNanos: UInt64) {
        _ = handshakes.record(max(1, min(now >= openedNanos ? now - openedNanos : 0, Self.latencyNanosMax)))
        firstReadyNanos = min(firstReadyNanos, now)
        lastReadyNanos = max(lastReadyNanos, now)
    }

    /// One message that carried a stamp, `payloadBytes` long as the subscriber received it.
    @inline(__always)
    mutating func delivered(_ stamp: SendStamp, payloadBytes: Int) {
        deliveries += 1
        var nanos = now >= stamp.sentNanos ? now - stamp.sentNanos : 0
        if nanos > Self.latencyNanosMax {
            nanos = Self.latencyNanosMax
            latencyClamped += 1
        }
        _ = latency.record(max(nanos, 1))
        if now < firstDeliveryNanos { firstDeliveryNanos = now }
        if now > lastDeliveryNanos { lastDeliveryNanos = now }
        if payloadSamples.count < Self.payloadSamplesMax { payloadSamples.append(payloadBytes) }
    }

    mutating func failed(_ reason: String, afterReady: Bool) {
        if afterReady { disconnects += 1 } else { failures += 1 }
        if firstFailure == nil { firstFailure = reason }
    }

    /// Folds another thread's recorder into this one.
    mutating func merge(_ other: DeliveryRecorder) {
        latency.add(other.latency)
        deliveries += other.deliveries
        firstDeliveryNanos = min(firstDeliveryNanos, other.firstDeliveryNanos)
        lastDeliveryNanos = max(lastDeliveryNanos, other.lastDeliveryNanos)
        latencyClamped += other.latencyClamped
        payloadSamples.append(contentsOf: other.payloadSamples)
        otherEvents += other.otherEvents
        seqGaps += other.seqGaps
        ready += other.ready
        failures += other.failures
        firstFailure = firstFailure ?? other.firstFailure
        disconnects += other.disconnects
        handshakes.add(other.handshakes)
        firstReadyNanos = min(firstReadyNanos, other.firstReadyNanos)
        lastReadyNanos = max(lastReadyNanos, other.lastReadyNanos)
    }

    /// The median payload size of the sampled deliveries; nil when nothing was delivered.
    var medianPayloadBytes: Int? {
        guard !payloadSamples.isEmpty else { return nil }
        return payloadSamples.sorted()[payloadSamples.count / 2]
    }
}
