/// How the publisher speaks to one system: what a stamped request looks like and how replies are counted.
protocol PublishWire: Sendable {
    /// Appends the request that publishes message `index`, stamped with `now`.
    func appendRequest(index: Int, now: UInt64, into out: inout [UInt8])
    /// Reads the complete replies at the start of `bytes` into `tally`; returns the bytes they took.
    func readReplies(_ bytes: UnsafeRawBufferPointer, tally: inout ReplyTally) -> Int
    /// What each connection sends before its first request (NATS's `CONNECT`); nothing by default.
    var preamble: [UInt8] { get }
}

extension PublishWire {
    var preamble: [UInt8] { [] }
}

/// Replies counted by the publisher.
struct ReplyTally: Sendable {
    var ok = 0
    var errors = 0
    /// The first refusal, e.g. `HTTP 403: {"id":"api.context.permissions.app_error"...`; never a message body.
    var firstError: String?
    /// Set when the reply stream cannot be read any further.
    var broken: String?

    mutating func refused(_ what: String) {
        errors += 1
        if firstError == nil { firstError = what }
    }
}

/// `POST /api/v4/posts` as its sender, over HTTP/1.1 keep-alive; a reply counts when it is 201.
struct ParleyPostWire: PublishWire {
    let channelID: String
    /// The request head up to the Content-Length value, one per sender (its token differs).
    let heads: [[UInt8]]
    let messageBytes: Int

    init(host: String, channelID: String, tokens: [String], messageBytes: Int) {
        precondition(!tokens.isEmpty, "no sender tokens")
        self.channelID = channelID
        self.messageBytes = messageBytes
        heads = tokens.map {
            Array(("POST /api/v4/posts HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \($0)\r\n"
                + "Content-Type: application/json\r\nContent-Length: ").utf8)
        }
    }

    func appendRequest(index: Int, now: UInt64, into out: inout [UInt8]) {
        let sender = index % heads.count
        var body = Array("{\"channel_id\":\"\(channelID)\",\"message\":\"".utf8)
        SendStamp(sender: sender, sentNanos: now).append(totalBytes: messageBytes, to: &body)
        body.append(contentsOf: "\"}".utf8)
        out.append(contentsOf: heads[sender])
        out.append(contentsOf: "\(body.count)\r\n\r\n".utf8)
        out.append(contentsOf: body)
    }

    func readReplies(_ bytes: UnsafeRawBufferPointer, tally: inout ReplyTally) -> Int {
        var at = 0
        while at < bytes.count {
            switch HTTPResponseFraming.parse(UnsafeRawBufferPointer(rebasing: bytes[at...])) {
            case .needMore:
                return at
            case .invalid(let why):
                tally.broken = "post replies: \(why)"
                return at
            case .response(let head, let body, let end):
                if head.status == 201 {
                    tally.ok += 1
                } else {
                    let text = UnsafeRawBufferPointer(rebasing: bytes[(at + body.lowerBound)..<(at + body.upperBound)])
                    tally.refused("HTTP \(head.status): \(String(decoding: text.prefix(160), as: UTF8.self))")
                }
                at += end
            }
        }
        return at
    }
}

/// `PUBLISH <channel> <payload>` with a payload of exactly `payloadBytes`; every integer reply counts.
struct RedisPublishWire: PublishWire {
    let prefix: [UInt8]
    let payloadBytes: Int
    let senders: Int

    init(channel: String, payloadBytes: Int, senders: Int) {
        self.payloadBytes = payloadBytes
        self.senders = max(senders, 1)
        prefix = Array("*3\r\n$7\r\nPUBLISH\r\n$\(channel.utf8.count)\r\n\(channel)\r\n$\(payloadBytes)\r\n".utf8)
    }

    func appendRequest(index: Int, now: UInt64, into out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        SendStamp.appendPayload(index: index, senders: senders, now: now, payloadBytes: payloadBytes, to: &out)
        out.append(contentsOf: "\r\n".utf8)
    }

    func readReplies(_ bytes: UnsafeRawBufferPointer, tally: inout ReplyTally) -> Int {
        var at = 0
        while true {
            switch RESPFraming.parseReply(bytes, at: at) {
            case .needMore:
                return at
            case .invalid(let why):
                tally.broken = "PUBLISH replies: \(why)"
                return at
            case .integer(_, let end), .other(let end):
                tally.ok += 1
                at = end
            case .error(let text, let end):
                tally.refused(text)
                at = end
            }
        }
    }
}
