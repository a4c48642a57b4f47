import Testing
@testable import Net

@Suite struct WebSocketFrameEncoderTests {
    static func serverFrame(_ opcode: WebSocketOpcode, _ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        payload.withUnsafeBytes { WebSocketFrameEncoder.encode(opcode, payload: $0, into: &out) }
        return out
    }

    static let bigLimits: WebSocketLimits = {
        var limits = WebSocketLimits()
        limits.messageBytesMax = 1 << 20
        return limits
    }()

    @Test func headerBytesAtTheLengthBoundaries() {
        let cases: [(Int, Int)] = [(0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10), (1 << 40, 10)]
        for (length, expected) in cases {
            #expect(WebSocketFrameEncoder.headerBytes(payloadLength: length) == expected, "length \(length)")
        }
    }

    @Test func serverFramesUseTheShortestLengthEncoding() {
        #expect(Self.serverFrame(.text, Array("hi".utf8)) == [0x81, 0x02, 0x68, 0x69])
        #expect(Array(Self.serverFrame(.binary, Array(repeating: 0, count: 126)).prefix(4)) == [0x82, 126, 0x00, 0x7E])
        #expect(Array(Self.serverFrame(.binary, Array(repeating: 0, count: 65535)).prefix(4)) == [0x82, 126, 0xFF, 0xFF])
        #expect(Array(Self.serverFrame(.binary, Array(repeating: 0, count: 65536)).prefix(10))
                == [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0])
        var text: [UInt8] = []
        WebSocketFrameEncoder.encodeText("hi", into: &text)
        #expect(text == [0x81, 0x02, 0x68, 0x69])
    }

    @Test func maskedEncodingMatchesTheRFCExample() {
        // RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d.
        #expect(webSocketClientFrame(.text, "Hello")
                == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(webSocketClientFrame(.text, Array("Hel".utf8), fin: false)[0] == 0x01)
    }

    @Test func maskedRoundTripAcrossLengthBoundaries() {
        let seed = SeededRandom.baseSeed &+ 2
        var rng = SeededRandom(seed: seed)
        var lengths = [0, 1, 124, 125, 126, 127, 65534, 65535, 65536, 65537]
        lengths += (0..<20).map { _ in Int.random(in: 0...70_000, using: &rng) }
        for length in lengths {
            let payload = rng.bytes(length)
            let key = UInt32.random(in: 0...UInt32.max, using: &rng)
            let frame = webSocketClientFrame(.binary, payload, maskKey: key)
            #expect(frame.count == WebSocketFrameEncoder.headerBytes(payloadLength: length) + 4 + length)
            let splitSeed = UInt64.random(in: 0...UInt64.max, using: &rng)
            for feed in [WebSocketFeed.allAtOnce, .randomSplits(seed: splitSeed)] {
                let outcome = webSocketParse(frame, feed: feed, limits: Self.bigLimits)
                #expect(outcome.events == [.message(.binary, payload)], "seed \(seed) length \(length) \(feed)")
                #expect(outcome.result == .consumed(frame.count), "seed \(seed) length \(length) \(feed)")
            }
        }
    }

    @Test func fragmentedMaskedRoundTrip() {
        let seed = SeededRandom.baseSeed &+ 3
        var rng = SeededRandom(seed: seed)
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 0...300, using: &rng)).map { _ in
                Character(WebSocketUTF8ValidatorTests.randomScalar(&rng))
            })
            let bytes = Array(text.utf8)
            var stream: [UInt8] = []
            var cuts = (0..<Int.random(in: 0...4, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }
            cuts = [0] + cuts.sorted() + [bytes.count]
            for index in 0..<(cuts.count - 1) {
                let opcode: WebSocketOpcode = index == 0 ? .text : .continuation
                stream += webSocketClientFrame(opcode, Array(bytes[cuts[index]..<cuts[index + 1]]),
                                               fin: index == cuts.count - 2,
                                               maskKey: UInt32.random(in: 0...UInt32.max, using: &rng))
            }
            let outcome = webSocketParse(stream, feed: .randomSplits(seed: rng.next()), limits: Self.bigLimits)
            #expect(outcome.events == [.message(.text, bytes)], "seed \(seed) cuts \(cuts)")
        }
    }

    @Test func serverFramesRoundTripThroughAClientSideParser() {
        for length in [0, 125, 126, 65535, 65536] {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
            let outcome = webSocketParse(Self.serverFrame(.binary, payload), feed: .allAtOnce, limits: Self.bigLimits,
                                         expectMasked: false)
            #expect(outcome.events == [.message(.binary, payload)], "length \(length)")
        }
    }

    @Test func closeFrameCarriesCodeAndReason() {
        var out: [UInt8] = []
        WebSocketFrameEncoder.encodeClose(code: 1000, reason: "bye", into: &out)
        #expect(out == [0x88, 0x05, 0x03, 0xE8, 0x62, 0x79, 0x65])
    }

    @Test(arguments: ["é", "€", "🎉", "a", "aé"])
    func closeReasonIsTruncatedAtACharacterBoundary(unit: String) {
        let reason = String(repeating: unit, count: 200)
        var out: [UInt8] = []
        WebSocketFrameEncoder.encodeClose(code: 1001, reason: reason, into: &out)
        let payload = Array(out[2...])
        #expect(out[1] == UInt8(payload.count) && payload.count <= 125)
        let kept = Array(payload[2...])
        // The longest whole-character prefix: at most one character's bytes short of 123.
        #expect(kept.count > 123 - unit.utf8.count && kept.count <= 123, "kept \(kept.count) bytes")
        #expect(String(validating: kept, as: UTF8.self).map { reason.hasPrefix($0) } == true)
        let outcome = webSocketParse(out, feed: .byteByByte, expectMasked: false)
        #expect(outcome.events == [.close(1001, kept)])
    }
}
