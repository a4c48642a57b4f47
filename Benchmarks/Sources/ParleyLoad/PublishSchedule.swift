/// When the publisher sends: as fast as replies allow with a bounded number outstanding (throughput), or at a
/// fixed rate (latency), still never more than `outstandingMax` unanswered.
enum PublishSchedule: Sendable, Equatable {
    case pipelined(outstandingMax: Int)
    case rate(perSecond: Double, outstandingMax: Int)

    var outstandingMax: Int {
        switch self {
        case .pipelined(let k), .rate(_, let k): k
        }
    }

    /// When message `index` is due, in nanoseconds after the first; 0 for every message when pipelined.
    func dueOffsetNanos(_ index: Int) -> UInt64 {
        switch self {
        case .pipelined: 0
        case .rate(let perSecond, _): UInt64(Double(index) * 1e9 / perSecond)
        }
    }

    var label: String {
        switch self {
        case .pipelined(let k): "pipelined, \(k) outstanding"
        case .rate(let r, _): "\(Int(r)) per second"
        }
    }
}

/// What the publisher did.
struct PublishResult: Sendable {
    var sent = 0
    var replies = ReplyTally()
    var firstSendNanos: UInt64 = 0
    var lastSendNanos: UInt64 = 0
    var lastReplyNanos: UInt64 = 0
    /// At a fixed rate: how late the latest-sent message left against its schedule.
    var lagNanosMax: UInt64 = 0
    /// Why it stopped before every message was answered, if it did.
    var failure: String?
}
