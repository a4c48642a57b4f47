import Testing
@testable import Net

// Shared helpers for the WebSocket*Tests suites. Names carry a WebSocket prefix so they cannot collide with
// helpers other suites in NetTests define.

/// One thing the parser reported, with its bytes copied out of the parser's buffer.
enum WebSocketRecordedEvent: Equatable, CustomStringConvertible {
    case message(WebSocketOpcode, [UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, [UInt8])

    var description: String {
        switch self {
        case .message(let opcode, let bytes): return "message(\(opcode), \(bytes.count) bytes)"
        case .ping(let bytes): return "ping(\(bytes))"
        case .pong(let bytes): return "pong(\(bytes))"
        case .close(let code, let reason): return "close(\(code.map(String.init) ?? "nil"), \(reason))"
        }
    }
}

struct WebSocketRecordingDelegate: WebSocketFrameDelegate {
    var events: [WebSocketRecordedEvent] = []

    mutating func message(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        events.append(.message(opcode, Array(payload)))
    }
    mutating func ping(_ payload: UnsafeRawBufferPointer) { events.append(.ping(Array(payload))) }
    mutating func pong(_ payload: UnsafeRawBufferPointer) { events.append(.pong(Array(payload))) }
    mutating func close(code: UInt16?, reason: UnsafeRawBufferPointer) { events.append(.close(code, Array(reason))) }
}

/// How a byte stream is cut into `parse` calls.
enum WebSocketFeed: CustomStringConvertible {
    case allAtOnce
    case byteByByte
    case randomSplits(seed: UInt64)

    var description: String {
        switch self {
        case .allAtOnce: return "all at once"
        case .byteByByte: return "byte by byte"
        case .randomSplits(let seed): return "random splits, seed \(seed)"
        }
    }

    /// The three ways every parser rule is exercised; the split seeds derive from `seed`.
    static func all(seed: UInt64) -> [WebSocketFeed] {
        [.allAtOnce, .byteByByte] + (0..<4).map { .randomSplits(seed: seed &+ UInt64($0)) }
    }

    func chunkLengths(total: Int) -> [Int] {
        switch self {
        case .allAtOnce:
            return [total]
        case .byteByByte:
            return Array(repeating: 1, count: total)
        case .randomSplits(let seed):
            var rng = SeededRandom(seed: seed)
            var lengths: [Int] = []
            var left = total
            while left > 0 {
                // Mostly short pieces, so that header fields are split, with some long ones in between.
                let cap = Bool.random(using: &rng) ? min(left, 7) : left
                let length = Int.random(in: 0...cap, using: &rng)
                lengths.append(length)  // zero-length calls are legal and must be harmless
                left -= length
            }
            return lengths
        }
    }
}

/// Everything observable about one parse of a stream.
struct WebSocketParseOutcome: Equatable, CustomStringConvertible {
    var events: [WebSocketRecordedEvent]
    /// The first failure, or `.consumed(total)` when every call consumed all it was given.
    var result: WebSocketParseResult
    /// The most bytes the parser held between calls.
    var bufferedBytesMax: Int

    var description: String { "\(result) after \(events)" }
}

/// Parses `bytes` cut as `feed` says, checking on the way that every call consumes its whole input and that
/// a failure, once returned, is returned again by every later call.
func webSocketParse(
    _ bytes: [UInt8], feed: WebSocketFeed, limits: WebSocketLimits = .init(), expectMasked: Bool = true
) -> WebSocketParseOutcome {
    var parser = WebSocketFrameParser(limits: limits, expectMasked: expectMasked)
    var delegate = WebSocketRecordingDelegate()
    var offset = 0
    var failure: WebSocketParseResult?
    var bufferedBytesMax = 0
    for length in feed.chunkLengths(total: bytes.count) {
        // A fresh array per call, so reading past a chunk is caught by the address sanitizer.
        let chunk = Array(bytes[offset..<(offset + length)])
        offset += length
        let eventsBefore = delegate.events.count
        let result = chunk.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        bufferedBytesMax = max(bufferedBytesMax, parser.bufferedBytes)
        // Plain checks rather than #expect: this runs for every chunk of 10⁵ fuzz streams.
        if let failure {
            if result != failure { Issue.record("failure not sticky: \(result) after \(failure) (\(feed))") }
            if delegate.events.count != eventsBefore { Issue.record("events after failure (\(feed))") }
        } else if case .failed = result {
            failure = result
        } else if result != .consumed(length) {
            Issue.record("\(result) for a chunk of \(length) bytes (\(feed))")
        }
    }
    return WebSocketParseOutcome(
        events: delegate.events, result: failure ?? .consumed(bytes.count), bufferedBytesMax: bufferedBytesMax)
}

/// Parses `bytes` all at once, byte by byte and in random splits and expects the same outcome each time.
func expectWebSocketParse(
    _ bytes: [UInt8], events: [WebSocketRecordedEvent], result: WebSocketParseResult? = nil,
    limits: WebSocketLimits = .init(), expectMasked: Bool = true, seed: UInt64 = SeededRandom.baseSeed,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let expectedResult = result ?? .consumed(bytes.count)
    for feed in WebSocketFeed.all(seed: seed) {
        let outcome = webSocketParse(bytes, feed: feed, limits: limits, expectMasked: expectMasked)
        #expect(outcome.events == events, "events differ (\(feed))", sourceLocation: sourceLocation)
        #expect(outcome.result == expectedResult, "result differs (\(feed))", sourceLocation: sourceLocation)
        let bound = limits.messageBytesMax + 125 + 14
        #expect(outcome.bufferedBytesMax <= bound, "buffered \(outcome.bufferedBytesMax) (\(feed))",
                sourceLocation: sourceLocation)
    }
}

/// The mask key RFC 6455 §5.7 uses in its examples.
let webSocketExampleMaskKey: UInt32 = 0x37FA_213D

/// A client (masked) frame.
func webSocketClientFrame(
    _ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, maskKey: UInt32 = webSocketExampleMaskKey
) -> [UInt8] {
    var out: [UInt8] = []
    payload.withUnsafeBytes {
        WebSocketFrameEncoder.encodeMasked(opcode, payload: $0, maskKey: maskKey, fin: fin, into: &out)
    }
    return out
}

func webSocketClientFrame(_ opcode: WebSocketOpcode, _ text: String, fin: Bool = true) -> [UInt8] {
    webSocketClientFrame(opcode, Array(text.utf8), fin: fin)
}

/// A close frame's payload: code then reason.
func webSocketClosePayload(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
    [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
}

func webSocketProtocolError(_ reason: String) -> WebSocketParseResult {
    .failed(closeCode: WebSocketCloseCode.protocolError, reason: reason)
}
