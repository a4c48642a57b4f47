import Testing

@testable import ParleyLoad

@Suite struct NATSFramingTests {
    static let message = Array("MSG load.x 1 5\r\nhello\r\n".utf8)

    @Test func messageAndEveryProperPrefix() {
        #expect(Self.message.withUnsafeBytes { NATSFraming.parse($0) } == .op(.msg(payload: 16..<21), end: Self.message.count))
        for n in 0..<Self.message.count {
            #expect(Self.message.prefix(n).withUnsafeBytes { NATSFraming.parse($0) } == .needMore, "prefix of \(n) bytes")
        }
    }

    @Test func messageWithAReplySubjectAndControlLines() {
        let bytes = Array("MSG s 9 inbox.1 3\r\nabc\r\nPING\r\nPONG\r\n+OK\r\nINFO {\"x\":1}\r\n-ERR 'Slow Consumer'\r\n".utf8)
        var steps: [NATSFraming.Step] = []
        var at = 0
        while at < bytes.count, case .op(_, let end) = bytes.withUnsafeBytes({ NATSFraming.parse($0, at: at) }) {
            steps.append(bytes.withUnsafeBytes { NATSFraming.parse($0, at: at) })
            at = end
        }
        #expect(steps == [.op(.msg(payload: 19..<22), end: 24), .op(.ping, end: 30), .op(.pong, end: 36),
                          .op(.ok, end: 41), .op(.info, end: 55), .op(.err(" 'Slow Consumer'"), end: bytes.count)])
    }

    @Test func brokenStreamsAreInvalid() {
        for text in ["MSG s 5\r\nhello\r\n", "MSG s 1 x\r\n", "MSG s 1 2\r\nabXY", "HELLO\r\n"] {
            guard case .invalid = Array(text.utf8).withUnsafeBytes({ NATSFraming.parse($0) }) else {
                Issue.record("accepted \(text.debugDescription)")
                continue
            }
        }
    }
}

@Suite struct NATSSubscriberTests {
    static func stamped(_ i: Int) -> [UInt8] {
        var payload: [UInt8] = []
        SendStamp(sender: i, sentNanos: UInt64(100 * i)).append(totalBytes: 64, to: &payload)
        return Array("MSG load 1 64\r\n".utf8) + payload + Array("\r\n".utf8)
    }

    @Test(arguments: Feeding.all)
    func subscribesAfterInfoReadyAtPongThenDeliveriesAndPongs(feeding: Feeding) {
        let command = NATSSubscriber.subscribeCommand(subject: "load")
        #expect(command == NATSFraming.connect + Array("SUB load 1\r\nPING\r\n".utf8))
        var machine = NATSSubscriber(command: command)
        var context = PlainContext()
        context.recorder.now = 1_000
        #expect(machine.connected() == .wait)
        var written: [UInt8] = []
        var bytes = Array("INFO {\"server_id\":\"x\",\"max_payload\":1048576}\r\nPONG\r\n".utf8)
        bytes += Self.stamped(0) + Array("PING\r\n".utf8) + Self.stamped(1) + Self.stamped(2)
        bytes += Array("MSG load 1 2\r\nhi\r\n".utf8)
        for piece in feeding.pieces(bytes) {
            let action = piece.withUnsafeBytes { machine.received($0, context: &context) }
            if action == .write { written += machine.takeOutbound() } else { #expect(action == .wait, "\(feeding)") }
        }
        #expect(machine.phase == .open, "\(feeding)")
        #expect(written == command + Array("PONG\r\n".utf8), "\(feeding)")
        let r = context.recorder
        #expect(r.ready == 1 && r.deliveries == 3 && r.otherEvents == 1 && r.medianPayloadBytes == 64, "\(feeding)")
    }

    @Test func anErrorEndsTheConnection() {
        var machine = NATSSubscriber(command: [])
        var context = PlainContext()
        _ = machine.connected()
        let bytes = Array("INFO {}\r\n-ERR 'Authorization Violation'\r\n".utf8)
        #expect(bytes.withUnsafeBytes { machine.received($0, context: &context) } == .fail("NATS -ERR 'Authorization Violation'"))
        #expect(machine.phase == .closed)
    }
}

@Suite struct NATSPublishWireTests {
    @Test func publishesExactPayloadsAndCountsPongs() {
        let wire = NATSPublishWire(subject: "load", payloadBytes: 80, senders: 3)
        #expect(wire.preamble == NATSFraming.connect)
        var out: [UInt8] = []
        wire.appendRequest(index: 4, now: 77, into: &out)
        let head = Array("PUB load 80\r\n".utf8)
        #expect(out.count == head.count + 80 + 8 && out.starts(with: head + Array("pl:1:77:".utf8)))
        #expect(out.suffix(8) == ArraySlice("\r\nPING\r\n".utf8))
        var tally = ReplyTally()
        let replies = Array("INFO {}\r\nPONG\r\nPING\r\nPONG\r\n-ERR 'x'\r\nPON".utf8)
        let used = replies.withUnsafeBytes { wire.readReplies($0, tally: &tally) }
        #expect(used == replies.count - 3 && tally.ok == 2 && tally.errors == 1 && tally.firstError == "-ERR 'x'")
    }

    @Test func peerOption() {
        #expect(Peer.list("both") == [.redis, .nats] && Peer.list("none") == [] && Peer.list("nats") == [.nats])
        #expect(Peer.list("kafka") == nil)
    }
}
