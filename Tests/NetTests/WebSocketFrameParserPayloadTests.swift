import Testing
@testable import Net

/// Size limits, UTF-8, close payloads and what happens after a close or a failure, each stream fed all at
/// once, byte by byte and in seeded random splits.
@Suite struct WebSocketFrameParserPayloadTests {
    static let tooBig = WebSocketParseResult.failed(closeCode: WebSocketCloseCode.messageTooBig, reason: "message too big")
    static let badText = WebSocketParseResult.failed(closeCode: WebSocketCloseCode.invalidPayload,
                                                     reason: "text message is not valid UTF-8")

    static func limits(messageBytesMax: Int, framePayloadBytesMax: Int? = nil) -> WebSocketLimits {
        var limits = WebSocketLimits()
        limits.messageBytesMax = messageBytesMax
        limits.framePayloadBytesMax = framePayloadBytesMax
        return limits
    }

    @Test func defaultMessageLimitIsMattermostsEightKiB() {
        #expect(WebSocketLimits().messageBytesMax == 8192)
        let largest = Array(repeating: UInt8(ascii: "a"), count: 8192)
        expectWebSocketParse(webSocketClientFrame(.text, largest), events: [.message(.text, largest)])
        let over = webSocketClientFrame(.text, largest + [0x61])
        expectWebSocketParse(over, events: [], result: Self.tooBig)
    }

    @Test func oversizedMessageIsRefusedFromTheHeaderAlone() {
        // Only the header of a frame announcing 8193 bytes: the failure must come before any payload.
        let header: [UInt8] = [0x82, 0x80 | 126, 0x20, 0x01, 1, 2, 3, 4]
        expectWebSocketParse(header, events: [], result: Self.tooBig)
        let huge: [UInt8] = [0x82, 0x80 | 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]
        expectWebSocketParse(huge, events: [], result: Self.tooBig)
    }

    @Test func fragmentsCountTowardsTheMessageLimit() {
        let limits = Self.limits(messageBytesMax: 10)
        let exact = webSocketClientFrame(.binary, Array(repeating: 1, count: 6), fin: false)
            + webSocketClientFrame(.ping, Array(repeating: 2, count: 125))  // control frames do not count
            + webSocketClientFrame(.continuation, Array(repeating: 3, count: 4))
        expectWebSocketParse(exact, events: [.ping(Array(repeating: 2, count: 125)),
                                             .message(.binary, [1, 1, 1, 1, 1, 1, 3, 3, 3, 3])], limits: limits)
        let over = webSocketClientFrame(.binary, Array(repeating: 1, count: 6), fin: false)
            + webSocketClientFrame(.continuation, Array(repeating: 3, count: 5))
        expectWebSocketParse(over, events: [], result: Self.tooBig, limits: limits)
    }

    @Test func framePayloadLimit() {
        let limits = Self.limits(messageBytesMax: 100, framePayloadBytesMax: 4)
        let fine = webSocketClientFrame(.text, "abcd", fin: false) + webSocketClientFrame(.continuation, "efgh")
        expectWebSocketParse(fine, events: [.message(.text, Array("abcdefgh".utf8))], limits: limits)
        let over = webSocketClientFrame(.text, "abcde")
        expectWebSocketParse(over, events: [], result: .failed(closeCode: 1009, reason: "frame too big"), limits: limits)
    }

    @Test func bufferStaysWithinMessageLimitPlusAControlFrameAndAHeader() {
        let limits = Self.limits(messageBytesMax: 300)
        let bytes = webSocketClientFrame(.binary, Array(repeating: 5, count: 299), fin: false)
            + webSocketClientFrame(.ping, Array(repeating: 6, count: 125))
            + webSocketClientFrame(.continuation, [7])
        for feed in WebSocketFeed.all(seed: SeededRandom.baseSeed) {
            let outcome = webSocketParse(bytes, feed: feed, limits: limits)
            #expect(outcome.events.count == 2, "\(feed)")
            #expect(outcome.bufferedBytesMax <= 300 + 125 + 14, "buffered \(outcome.bufferedBytesMax) (\(feed))")
        }
    }

    @Test func invalidUTF8InTextIsRejected() {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80]] {
            expectWebSocketParse(webSocketClientFrame(.text, [0x61] + bad + [0x62]), events: [], result: Self.badText)
        }
    }

    @Test func textEndingInsideASequenceIsRejected() {
        let bytes = webSocketClientFrame(.text, [0x61, 0xE2, 0x82])
        expectWebSocketParse(bytes, events: [], result: .failed(closeCode: WebSocketCloseCode.invalidPayload,
                                                                 reason: "text message ends inside a UTF-8 sequence"))
    }

    @Test func characterSplitAcrossFragmentsIsFine() {
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        let bytes = webSocketClientFrame(.text, [euro[0]], fin: false) + webSocketClientFrame(.ping, [])
            + webSocketClientFrame(.continuation, [euro[1]], fin: false) + webSocketClientFrame(.continuation, [euro[2]])
        expectWebSocketParse(bytes, events: [.ping([]), .message(.text, euro)])
    }

    @Test func impossiblePrefixFailsMidFragment() {
        // The first fragment announces 1000 bytes but only its first two arrive; F4 90 can never be valid, so
        // the parser fails without waiting for the rest of the frame or the message.
        var frame = webSocketClientFrame(.text, [0xF4, 0x90] + Array(repeating: 0x61, count: 998), fin: false)
        frame.removeLast(998)
        expectWebSocketParse(frame, events: [], result: Self.badText)
    }

    @Test func closeFrames() {
        expectWebSocketParse(webSocketClientFrame(.close, []), events: [.close(nil, [])])
        let reason = Array("bye ✓".utf8)
        expectWebSocketParse(webSocketClientFrame(.close, webSocketClosePayload(1000, reason)),
                             events: [.close(1000, reason)])
        for code: UInt16 in [1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999] {
            expectWebSocketParse(webSocketClientFrame(.close, webSocketClosePayload(code)), events: [.close(code, [])])
        }
    }

    @Test func closePayloadOfOneByteIsRejected() {
        expectWebSocketParse(webSocketClientFrame(.close, [0x03]), events: [],
                             result: webSocketProtocolError("close frame payload of 1 byte"))
    }

    @Test func invalidCloseCodesAreRejected() {
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] {
            expectWebSocketParse(webSocketClientFrame(.close, webSocketClosePayload(code)), events: [],
                                 result: webSocketProtocolError("invalid close code"))
        }
    }

    @Test func invalidUTF8InCloseReasonIsRejected() {
        for reason: [UInt8] in [[0xC0, 0x80], [0xE2, 0x82], [0xED, 0xB0, 0x80]] {
            expectWebSocketParse(webSocketClientFrame(.close, webSocketClosePayload(1000, reason)), events: [],
                                 result: .failed(closeCode: 1007, reason: "close reason is not valid UTF-8"))
        }
    }

    @Test func everythingAfterTheCloseFrameIsDiscarded() {
        let bytes = webSocketClientFrame(.close, webSocketClosePayload(1001)) + webSocketClientFrame(.text, "late")
            + [0xFF, 0xFF, 0xFF]  // garbage that would otherwise fail the stream
        expectWebSocketParse(bytes, events: [.close(1001, [])])
    }

    @Test func failureIsPermanent() {
        var parser = WebSocketFrameParser()
        var delegate = WebSocketRecordingDelegate()
        let bad: [UInt8] = [0x83, 0x80, 0, 0, 0, 0]
        let first = bad.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        #expect(first == webSocketProtocolError("unknown opcode"))
        let good = webSocketClientFrame(.text, "fine")
        let second = good.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        let empty: [UInt8] = []
        let third = empty.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        #expect(second == first)
        #expect(third == first)
        #expect(delegate.events.isEmpty)
        #expect(parser.bufferedBytes == 0)
    }

    @Test func zeroLengthFramesComplete() {
        let bytes = webSocketClientFrame(.binary, [], fin: false) + webSocketClientFrame(.continuation, [], fin: false)
            + webSocketClientFrame(.continuation, []) + webSocketClientFrame(.ping, []) + webSocketClientFrame(.text, [])
        expectWebSocketParse(bytes, events: [.message(.binary, []), .ping([]), .message(.text, [])])
    }

    @Test func unmaskingContinuesAcrossSplitsAtEveryOffset() {
        // A payload long enough for the eight-byte unmasking loop, split at each offset in turn.
        let payload = (0..<64).map { UInt8($0) }
        let bytes = webSocketClientFrame(.binary, payload, maskKey: 0x0102_0304)
        for split in 0...bytes.count {
            var parser = WebSocketFrameParser()
            var delegate = WebSocketRecordingDelegate()
            let parts = [Array(bytes[..<split]), Array(bytes[split...])]
            for part in parts {
                #expect(part.withUnsafeBytes { parser.parse($0, delegate: &delegate) } == .consumed(part.count))
            }
            #expect(delegate.events == [.message(.binary, payload)], "split at \(split)")
        }
    }

    @Test func largeMessageBuffersAreReleasedSmallOnesKept() {
        var parser = WebSocketFrameParser()
        var delegate = WebSocketRecordingDelegate()
        let large = webSocketClientFrame(.binary, Array(repeating: 1, count: 8000))
        _ = large.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        #expect(parser.message.capacity <= WebSocketLimits().retainedBufferBytesMax)
        let small = webSocketClientFrame(.binary, Array(repeating: 1, count: 100))
        _ = small.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        #expect(parser.message.capacity >= 100)
        #expect(delegate.events.count == 2 && parser.bufferedBytes == 0)
    }
}
