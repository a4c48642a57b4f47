import Net
import Testing

@testable import ParleyLoad

@Suite struct WebSocketSubscriberTests {
    static func event(_ name: String, seq: Int, stamp: SendStamp? = nil) -> [UInt8] {
        var message: [UInt8] = []
        stamp?.append(totalBytes: 40, to: &message)
        let post = #"{\"id\":\"p\",\"message\":\""# + String(decoding: message, as: UTF8.self) + #"\"}"#
        let text = #"{"event":""# + name + #"","data":{"post":""# + post + #""},"broadcast":{},"seq":\#(seq)}"#
        var out: [UInt8] = []
        WebSocketFrameEncoder.encodeText(text, into: &out)
        return out
    }

    /// A 101, hello, three stamped posts with seq 1, 2 and 4 (a gap), a ping, and a typing event.
    static var stream: [UInt8] {
        var bytes = Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".utf8)
        bytes += event("hello", seq: 0)
        bytes += event("posted", seq: 1, stamp: SendStamp(sender: 1, sentNanos: 1_000))
        bytes += event("posted", seq: 2, stamp: SendStamp(sender: 2, sentNanos: 2_000))
        Array("ab".utf8).withUnsafeBytes { WebSocketFrameEncoder.encode(.ping, payload: $0, into: &bytes) }
        bytes += event("posted", seq: 4, stamp: SendStamp(sender: 3, sentNanos: 3_000))
        bytes += event("typing", seq: 5)
        return bytes
    }

    @Test(arguments: Feeding.all)
    func countsDeliveriesGapsAndAnswersPings(feeding: Feeding) {
        var machine = WebSocketSubscriber(request: Array("GET".utf8))
        var context = WebSocketEvents()
        context.recorder.now = 10_000
        #expect(machine.connected() == .write)
        #expect(machine.takeOutbound() == Array("GET".utf8))
        var written: [UInt8] = []
        for piece in feeding.pieces(Self.stream) {
            let action = piece.withUnsafeBytes { machine.received($0, context: &context) }
            if action == .write { written += machine.takeOutbound() } else { #expect(action == .wait, "\(feeding)") }
        }
        let r = context.recorder
        #expect(r.ready == 1 && r.deliveries == 3 && r.seqGaps == 1 && r.otherEvents == 2, "\(feeding)")
        #expect(r.latency.max >= 8_990 && r.latency.min <= 7_010, "\(feeding)")
        var pong: [UInt8] = []
        Array("ab".utf8).withUnsafeBytes { WebSocketFrameEncoder.encodeMasked(.pong, payload: $0, maskKey: 0x5A17_C0DE, into: &pong) }
        #expect(written == pong, "\(feeding)")
    }

    @Test func aRefusedUpgradeFails() {
        var machine = WebSocketSubscriber(request: [])
        var context = WebSocketEvents()
        _ = machine.connected()
        let refusal = Array("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n".utf8)
        #expect(refusal.withUnsafeBytes { machine.received($0, context: &context) } == .fail("upgrade refused with HTTP 401"))
    }
}

@Suite struct RedisSubscriberTests {
    @Test(arguments: Feeding.all)
    func readyAtTheConfirmationThenDeliveries(feeding: Feeding) {
        var bytes = Array("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n".utf8)
        for i in 0..<3 {
            var payload: [UInt8] = []
            SendStamp(sender: i, sentNanos: UInt64(100 * i)).append(totalBytes: 64, to: &payload)
            bytes += Array("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$64\r\n".utf8) + payload + Array("\r\n".utf8)
        }
        var machine = RedisSubscriber(command: RedisSubscriber.subscribeCommand(channel: "ch"))
        var context = PlainContext()
        context.recorder.now = 1_000
        #expect(machine.connected() == .write)
        #expect(machine.takeOutbound() == Array("*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n".utf8))
        for piece in feeding.pieces(bytes) {
            #expect(piece.withUnsafeBytes { machine.received($0, context: &context) } == .wait, "\(feeding)")
        }
        #expect(context.recorder.ready == 1 && context.recorder.deliveries == 3, "\(feeding)")
        #expect(context.recorder.medianPayloadBytes == 64, "\(feeding)")
    }
}
