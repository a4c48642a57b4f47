// libFuzzer target for HTTPRequestParser. Fuzz/build.sh http compiles this file into the Net module itself
// (with every Sources/Net file), so it can check internal invariants; see build.sh for how to run it.
//
// The first input byte chooses the limits and the split; the rest is fed to two parsers, once whole and once
// in pieces. Besides not crashing, the parser must produce identical events for both and never buffer more
// than headerBytesMax. Any difference traps, which libFuzzer reports as a crash with the input saved.

@_cdecl("LLVMFuzzerTestOneInput")
public func httpRequestParserFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let limits = HTTPParserFuzzHarness.limits(control)
    let whole = HTTPParserFuzzHarness.run(input, limits: limits, seed: nil)
    let split = HTTPParserFuzzHarness.run(input, limits: limits, seed: UInt64(control) &+ UInt64(size))
    precondition(whole == split, "HTTP parser events depend on the split:\nwhole \(whole)\nsplit \(split)")
    return 0
}

enum HTTPParserFuzzHarness {
    enum Event: Equatable {
        case head(HTTPRequestHead)
        case body([UInt8])
        case end
        case paused(at: Int)
        case failed(HTTPParseError)
        case finished(idle: Bool, partial: Bool)
    }

    struct Recorder: HTTPParserDelegate {
        var events: [Event] = []
        var pendingBody: [UInt8] = []

        mutating func record(_ event: Event) {
            if !pendingBody.isEmpty {
                events.append(.body(pendingBody))
                pendingBody.removeAll()
            }
            events.append(event)
        }

        mutating func head(_ head: HTTPRequestHead) -> HTTPHeadDecision {
            record(.head(head))
            if head.isWebSocketUpgrade || head.headers["X-Pause"] != nil { return .pause }
            if let limit = head.headers["X-Body-Limit"].flatMap({ Int($0) }) { return .readBody(limitBytes: limit) }
            return .readBodyDefaultLimit
        }

        mutating func body(_ bytes: UnsafeRawBufferPointer) { pendingBody.append(contentsOf: bytes) }

        mutating func end() { record(.end) }
    }

    /// Control bytes below 0x80 give tiny limits, so the fuzzer reaches every limit with short inputs; 0x80-0xBF
    /// the defaults; 0xC0 and up absurd limits (Int.max, Int.min, -1, 0) that must not overflow anything.
    static func limits(_ control: UInt8) -> HTTPLimits {
        var limits = HTTPLimits()
        if control >= 0xC0 {
            let extremes = [Int.max, Int.min, -1, 0]
            limits.urlBytesMax = extremes[Int(control & 3)]
            limits.headerBytesMax = extremes[Int(control >> 2 & 3)]
            limits.headerCountMax = extremes[Int(control >> 4 & 3)]
            limits.bodyBytesMax = extremes[Int(control & 3)]
            limits.chunkLineBytesMax = extremes[Int(control >> 2 & 3)]
            return limits
        }
        guard control < 0x80 else { return limits }
        limits.urlBytesMax = 1 + Int(control & 0x1F)
        limits.headerBytesMax = 16 + Int(control & 0x3F) * 3
        limits.headerCountMax = Int(control & 0x7)
        limits.bodyBytesMax = Int(control & 0xF)
        limits.chunkLineBytesMax = 2 + Int(control >> 3 & 0xF)
        return limits
    }

    /// Feeds `input` whole (`seed` nil) or in pseudo-random pieces of 0 to 8 bytes.
    static func run(_ input: UnsafeRawBufferPointer, limits: HTTPLimits, seed: UInt64?) -> [Event] {
        var parser = HTTPRequestParser(limits: limits)
        var recorder = Recorder()
        var state = seed ?? 0
        var offset = 0
        while offset < input.count {
            var size = input.count - offset
            if seed != nil {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                size = min(size, Int(state >> 60) % 9)
            }
            var start = offset
            let end = offset + size
            while true {
                let result = parser.parse(UnsafeRawBufferPointer(rebasing: input[start..<end]), delegate: &recorder)
                precondition(parser.bufferedBytes <= max(0, limits.headerBytesMax), "parser over-buffered")
                switch result {
                case .consumed(let count):
                    precondition(count == end - start, "parse consumed \(count) of \(end - start)")
                case .paused(let count):
                    recorder.record(.paused(at: start + count))
                    start += count
                    if start < end { continue }
                case .failed(let error):
                    recorder.record(.failed(error))
                    return recorder.events
                }
                break
            }
            offset = end
        }
        recorder.record(.finished(idle: parser.isIdle, partial: parser.hasPartialRequest))
        return recorder.events
    }
}
