import Testing
@testable import Net

/// Every parser rule, each stream fed all at once, byte by byte and in seeded random splits
/// (`expectWebSocketParse`).
@Suite struct WebSocketFrameParserTests {
    let hello = Array("Hello".utf8)

    @Test func rfcExampleMaskedText() {
        // RFC 6455 §5.7: a single-frame masked text message containing "Hello".
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        expectWebSocketParse(bytes, events: [.message(.text, hello)])
    }

    @Test func rfcExampleUnmaskedFragmentsForClientSide() {
        // RFC 6455 §5.7: "Hel" + "lo" unmasked, as a client-side parser sees server frames.
        let bytes: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F]
        expectWebSocketParse(bytes, events: [.message(.text, hello)], expectMasked: false)
    }

    @Test func severalMessagesInOneStream() {
        let bytes = webSocketClientFrame(.text, "one") + webSocketClientFrame(.binary, [0, 255, 1])
            + webSocketClientFrame(.text, "") + webSocketClientFrame(.pong, [9])
        expectWebSocketParse(bytes, events: [
            .message(.text, Array("one".utf8)), .message(.binary, [0, 255, 1]), .message(.text, []), .pong([9]),
        ])
    }

    @Test func fragmentsWithControlFramesInterleaved() {
        let bytes = webSocketClientFrame(.text, "Hel", fin: false) + webSocketClientFrame(.ping, [1, 2])
            + webSocketClientFrame(.continuation, [], fin: false) + webSocketClientFrame(.pong, [])
            + webSocketClientFrame(.continuation, "lo", fin: true)
        expectWebSocketParse(bytes, events: [.ping([1, 2]), .pong([]), .message(.text, hello)])
    }

    @Test func binaryMayHoldAnyBytes() {
        let payload: [UInt8] = [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80]
        expectWebSocketParse(webSocketClientFrame(.binary, payload), events: [.message(.binary, payload)])
    }

    @Test func lengthEncodings() {
        for length in [0, 1, 125, 126, 127, 1000, 8192] {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            expectWebSocketParse(webSocketClientFrame(.binary, payload), events: [.message(.binary, payload)])
        }
    }

    @Test func nonMinimalLengthEncodingsAreAccepted() {
        let masked = webSocketClientFrame(.text, hello)  // 0x81 0x85 key payload
        let key = Array(masked[2..<6])
        let body = Array(masked[6...])
        let as16: [UInt8] = [0x81, 0x80 | 126, 0, 5] + key + body
        let as64: [UInt8] = [0x81, 0x80 | 127, 0, 0, 0, 0, 0, 0, 0, 5] + key + body
        expectWebSocketParse(as16, events: [.message(.text, hello)])
        expectWebSocketParse(as64, events: [.message(.text, hello)])
    }

    @Test func sixtyFourBitLengthWithTopBitSetIsRejected() {
        let bytes: [UInt8] = [0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]
        expectWebSocketParse(bytes, events: [], result: webSocketProtocolError("64-bit payload length has its top bit set"))
    }

    @Test func reservedBitsAreRejected() {
        for bit: UInt8 in [0x40, 0x20, 0x10] {
            var bytes = webSocketClientFrame(.text, "x")
            bytes[0] |= bit
            expectWebSocketParse(bytes, events: [], result: webSocketProtocolError("reserved bits set"))
        }
    }

    @Test func unknownOpcodesAreRejected() {
        for opcode: UInt8 in [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] {
            let bytes: [UInt8] = [0x80 | opcode, 0x80, 1, 2, 3, 4]
            expectWebSocketParse(bytes, events: [], result: webSocketProtocolError("unknown opcode"))
        }
    }

    @Test func controlFrameOver125BytesIsRejected() {
        let bytes = webSocketClientFrame(.ping, Array(repeating: 1, count: 126))
        expectWebSocketParse(bytes, events: [], result: webSocketProtocolError("control frame longer than 125 bytes"))
        let largest = Array(repeating: UInt8(7), count: 125)
        expectWebSocketParse(webSocketClientFrame(.ping, largest), events: [.ping(largest)])
    }

    @Test func fragmentedControlFrameIsRejected() {
        for opcode in [WebSocketOpcode.ping, .pong, .close] {
            let bytes = webSocketClientFrame(opcode, [], fin: false)
            expectWebSocketParse(bytes, events: [], result: webSocketProtocolError("fragmented control frame"))
        }
    }

    @Test func continuationWithoutStartIsRejected() {
        let bytes = webSocketClientFrame(.text, "a") + webSocketClientFrame(.continuation, "b")
        expectWebSocketParse(bytes, events: [.message(.text, [0x61])],
                             result: webSocketProtocolError("continuation frame outside a fragmented message"))
    }

    @Test func newDataFrameMidMessageIsRejected() {
        for opcode in [WebSocketOpcode.text, .binary] {
            let bytes = webSocketClientFrame(.binary, [1], fin: false) + webSocketClientFrame(.ping, [])
                + webSocketClientFrame(opcode, [2])
            expectWebSocketParse(bytes, events: [.ping([])],
                                 result: webSocketProtocolError("new data frame inside a fragmented message"))
        }
    }

    @Test func unmaskedClientFrameIsRejected() {
        var bytes: [UInt8] = []
        hello.withUnsafeBytes { WebSocketFrameEncoder.encode(.text, payload: $0, into: &bytes) }
        expectWebSocketParse(bytes, events: [], result: webSocketProtocolError("unmasked client frame"))
    }

    @Test func maskedFrameIsRejectedByClientSideParser() {
        expectWebSocketParse(webSocketClientFrame(.text, hello), events: [],
                             result: webSocketProtocolError("masked server frame"), expectMasked: false)
    }
}
