/// `PUB <subject> <size>` with a payload of exactly `payloadBytes`, each followed by a `PING`: NATS answers no
/// `PUB` (the connection says `verbose: false`), so the `PONG` after it is the reply the publisher counts, as it
/// counts Redis's integer per `PUBLISH`. The server has taken the message (and queued it for every subscriber)
/// before it answers the `PING` behind it.
struct NATSPublishWire: PublishWire {
    let head: [UInt8]
    let payloadBytes: Int
    let senders: Int

    init(subject: String, payloadBytes: Int, senders: Int) {
        self.payloadBytes = payloadBytes
        self.senders = max(senders, 1)
        head = NATSFraming.publishHead(subject: subject, payloadBytes: payloadBytes)
    }

    var preamble: [UInt8] { NATSFraming.connect }

    func appendRequest(index: Int, now: UInt64, into out: inout [UInt8]) {
        out.append(contentsOf: head)
        SendStamp.appendPayload(index: index, senders: senders, now: now, payloadBytes: payloadBytes, to: &out)
        out.append(contentsOf: "\r\nPING\r\n".utf8)
    }

    func readReplies(_ bytes: UnsafeRawBufferPointer, tally: inout ReplyTally) -> Int {
        var at = 0
        while true {
            switch NATSFraming.parse(bytes, at: at) {
            case .needMore:
                return at
            case .invalid(let why):
                tally.broken = "PUB replies: \(why)"
                return at
            case .op(let op, let end):
                at = end
                switch op {
                case .pong: tally.ok += 1
                case .err(let text): tally.refused("-ERR\(text)")
                case .info, .ok, .ping, .msg: break
                }
            }
        }
    }
}
