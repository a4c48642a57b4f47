import Testing

@testable import Net


/// Everything a parse can observe, with consecutive body bytes merged, so parses of the same input split
/// differently can be compared event for event.
enum HTTPParseEvent: Equatable, CustomStringConvertible {
    case head(HTTPRequestHead)
    case body([UInt8])
    case end
    /// Paused at this offset of the whole input.
    case paused(at: Int)
    case failed(HTTPParseError)
    /// `parse` reported a consumed count other than its input's.
    case shortConsume(Int, of: Int)
    /// The parser held more bytes than `headerBytesMax` allows.
    case overBuffered(Int)
    /// All input was fed; the parser's state at the end.
    case finished(idle: Bool, partial: Bool)

    var description: String {
        switch self {
        case .head(let h): return "head(\(h.method) \(h.target) 1.\(h.versionMinor) \(Array(h.headers).map { "\($0.name)=\($0.value)" }))"
        case .body(let b): return "body(\(String(decoding: b, as: UTF8.self).debugDescription))"
        case .end: return "end"
        case .paused(let at): return "paused(at: \(at))"
        case .failed(let e): return "failed(\(e))"
        case .shortConsume(let n, let of): return "shortConsume(\(n) of \(of))"
        case .overBuffered(let n): return "overBuffered(\(n))"
        case .finished(let idle, let partial): return "finished(idle: \(idle), partial: \(partial))"
        }
    }
}

struct HTTPRecordingDelegate: HTTPParserDelegate {
    var events: [HTTPParseEvent] = []
    var pendingBody: [UInt8] = []
    let decide: (HTTPRequestHead) -> HTTPHeadDecision

    mutating func record(_ event: HTTPParseEvent) {
        if !pendingBody.isEmpty {
            events.append(.body(pendingBody))
            pendingBody.removeAll()
        }
        events.append(event)
    }

    mutating func head(_ head: HTTPRequestHead) -> HTTPHeadDecision {
        record(.head(head))
        return decide(head)
    }

    mutating func body(_ bytes: UnsafeRawBufferPointer) {
        pendingBody.append(contentsOf: bytes)
    }

    mutating func end() {
        record(.end)
    }
}

enum HTTPParseDriver {
    /// Pauses for upgrades and for "X-Pause"; honours "X-Body-Limit: n"; otherwise the default limit.
    static func standardDecision(_ head: HTTPRequestHead) -> HTTPHeadDecision {
        if head.isWebSocketUpgrade || head.headers["X-Pause"] != nil { return .pause }
        if let limit = head.headers["X-Body-Limit"].flatMap({ Int($0) }) { return .readBody(limitBytes: limit) }
        return .readBodyDefaultLimit
    }

    /// Feeds `input` in pieces of the given sizes (which must add up to its length), resuming after each pause
    /// with the rest of the piece, as a connection would after handing paused bytes elsewhere.
    static func run(
        _ input: [UInt8], pieces: [Int], limits: HTTPLimits = .init(),
        decide: @escaping (HTTPRequestHead) -> HTTPHeadDecision = standardDecision
    ) -> [HTTPParseEvent] {
        var parser = HTTPRequestParser(limits: limits)
        var delegate = HTTPRecordingDelegate(decide: decide)
        var offset = 0
        for size in pieces {
            var start = offset
            let end = offset + size
            while true {
                let result = input[start..<end].withUnsafeBytes { parser.parse($0, delegate: &delegate) }
                if parser.bufferedBytes > max(0, limits.headerBytesMax) {
                    delegate.record(.overBuffered(parser.bufferedBytes))
                }
                switch result {
                case .consumed(let count):
                    if count != end - start { delegate.record(.shortConsume(count, of: end - start)) }
                case .paused(let count):
                    delegate.record(.paused(at: start + count))
                    start += count
                    if start < end { continue }
                case .failed(let error):
                    delegate.record(.failed(error))
                    return delegate.events
                }
                break
            }
            offset = end
        }
        delegate.record(.finished(idle: parser.isIdle, partial: parser.hasPartialRequest))
        return delegate.events
    }

    static func randomPieces(count: Int, random: inout SeededRandom) -> [Int] {
        var pieces: [Int] = []
        var remaining = count
        while remaining > 0 {
            // Mostly small pieces, some empty ones, now and then a big one.
            let size = random.below(4) == 0 ? random.below(remaining + 1) : random.below(min(remaining, 7) + 1)
            pieces.append(size)
            remaining -= size
        }
        return pieces
    }

    /// Parses all at once, byte by byte and in `splits` seeded random splits; expects identical events and
    /// returns them.
    @discardableResult
    static func expectSplitInvariant(
        _ text: String, limits: HTTPLimits = .init(), splits: Int = 16,
        decide: @escaping (HTTPRequestHead) -> HTTPHeadDecision = standardDecision,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [HTTPParseEvent] {
        let input = Array(text.utf8)
        let whole = run(input, pieces: [input.count], limits: limits, decide: decide)
        let bytewise = run(input, pieces: Array(repeating: 1, count: input.count), limits: limits, decide: decide)
        #expect(bytewise == whole, "byte by byte differs from all at once", sourceLocation: sourceLocation)
        for seed in 0..<UInt64(splits) {
            var random = SeededRandom(seed: seed)
            let pieces = randomPieces(count: input.count, random: &random)
            let split = run(input, pieces: pieces, limits: limits, decide: decide)
            #expect(split == whole, "random split with seed \(seed) differs: \(pieces)", sourceLocation: sourceLocation)
        }
        return whole
    }
}

extension HTTPParseEvent {
    var head: HTTPRequestHead? {
        if case .head(let head) = self { return head }
        return nil
    }
}

extension Array where Element == HTTPParseEvent {
    var heads: [HTTPRequestHead] { compactMap(\.head) }

    var failure: HTTPParseError? {
        for case .failed(let error) in self { return error }
        return nil
    }
}
