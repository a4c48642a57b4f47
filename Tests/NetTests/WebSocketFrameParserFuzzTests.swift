import Testing
@testable import Net

/// Seeded random and mutated frame streams: the parser must never crash, must reach the same outcome however
/// the stream is split, and must only ever deliver what the protocol allows.
@Suite struct WebSocketFrameParserFuzzTests {
    static let limits: WebSocketLimits = {
        var limits = WebSocketLimits()
        limits.messageBytesMax = 256  // small, so the generator often crosses it
        return limits
    }()

    @Test func randomAndMutatedStreams() {
        let seed = SeededRandom.baseSeed &+ 5
        var rng = SeededRandom(seed: seed)
        var outcomes: [String: Int] = [:]
        for index in 0..<100_000 {
            let stream = Self.randomStream(&rng)
            let splitSeed = rng.next()
            // Built only on failure: describing every stream would cost more than parsing it.
            func context() -> String { "seed \(seed) stream #\(index) split seed \(splitSeed): \(stream)" }
            let whole = webSocketParse(stream, feed: .allAtOnce, limits: Self.limits)
            let split = webSocketParse(stream, feed: .randomSplits(seed: splitSeed), limits: Self.limits)
            guard whole == split || (whole.events == split.events && whole.result == split.result) else {
                Issue.record("all at once \(whole) but split \(split); \(context())")
                return
            }
            if index % 10 == 0 {
                let bytewise = webSocketParse(stream, feed: .byteByByte, limits: Self.limits)
                guard bytewise.events == whole.events && bytewise.result == whole.result else {
                    Issue.record("all at once \(whole) but byte by byte \(bytewise); \(context())")
                    return
                }
            }
            guard Self.isAllowed(whole, split) else {
                Issue.record("delivered something the protocol forbids: \(whole); \(context())")
                return
            }
            outcomes[Self.category(whole.result), default: 0] += 1
        }
        // The generator must keep reaching every kind of outcome, or the run proves little.
        for category in ["consumed", "1002", "1007", "1009"] {
            #expect(outcomes[category, default: 0] >= 1_000, "seed \(seed): outcomes \(outcomes)")
        }
    }

    static func category(_ result: WebSocketParseResult) -> String {
        switch result {
        case .consumed: return "consumed"
        case .failed(let code, _): return String(code)
        }
    }

    /// What any parse may deliver: valid text, bounded sizes, valid close codes and nothing after a close.
    static func isAllowed(_ outcomes: WebSocketParseOutcome...) -> Bool {
        for outcome in outcomes {
            guard outcome.bufferedBytesMax <= limits.messageBytesMax + 125 + 14 else { return false }
            for (position, event) in outcome.events.enumerated() {
                switch event {
                case .message(let opcode, let payload):
                    guard payload.count <= limits.messageBytesMax, opcode == .text || opcode == .binary else { return false }
                    if opcode == .text && String(validating: payload, as: UTF8.self) == nil { return false }
                case .ping(let payload), .pong(let payload):
                    guard payload.count <= 125 else { return false }
                case .close(let code, let reason):
                    guard position == outcome.events.count - 1, reason.count <= 123 else { return false }
                    if let code, !WebSocketCloseCode.isValidOnWire(code) { return false }
                    if String(validating: reason, as: UTF8.self) == nil { return false }
                }
            }
        }
        return true
    }

    /// Mostly well-formed frame sequences, so the parser gets deep into its states, then often mutated;
    /// sometimes plain noise.
    static func randomStream(_ rng: inout SeededRandom) -> [UInt8] {
        if Int.random(in: 0..<10, using: &rng) == 0 { return rng.bytes(Int.random(in: 0...64, using: &rng)) }
        var stream: [UInt8] = []
        var messageOpcode: WebSocketOpcode?
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let opcode = randomOpcode(messageOpcode: messageOpcode, &rng)
            let fin = opcode.isControl ? Int.random(in: 0..<20, using: &rng) != 0 : Int.random(in: 0..<3, using: &rng) != 0
            stream += randomFrame(opcode, fin: fin, text: (messageOpcode ?? opcode) == .text, &rng)
            if !opcode.isControl { messageOpcode = fin ? nil : (messageOpcode ?? opcode) }
        }
        if Bool.random(using: &rng) {
            for _ in 0..<Int.random(in: 1...3, using: &rng) { mutate(&stream, &rng) }
        }
        return stream
    }

    /// Usually the opcode the protocol expects next (a continuation inside a message, a new message outside
    /// one), sometimes a control frame, and one time in ten the wrong data opcode.
    static func randomOpcode(messageOpcode: WebSocketOpcode?, _ rng: inout SeededRandom) -> WebSocketOpcode {
        let roll = Int.random(in: 0..<10, using: &rng)
        if roll < 3 { return [WebSocketOpcode.ping, .pong, .close].randomElement(using: &rng)! }
        let expected = roll != 9
        if (messageOpcode != nil) == expected { return .continuation }
        return Int.random(in: 0..<3, using: &rng) == 0 ? .binary : .text
    }

    static func randomFrame(_ opcode: WebSocketOpcode, fin: Bool, text: Bool, _ rng: inout SeededRandom) -> [UInt8] {
        var payload = opcode == .close ? randomClosePayload(&rng) : randomPayload(text: text, &rng)
        if opcode.isControl && Int.random(in: 0..<8, using: &rng) != 0 { payload = Array(payload.prefix(125)) }
        var frame: [UInt8] = []
        payload.withUnsafeBytes {
            WebSocketFrameEncoder.encodeMasked(opcode, payload: $0, maskKey: UInt32.random(in: 0...UInt32.max, using: &rng),
                                               fin: fin, into: &frame)
        }
        return frame
    }

    static func randomPayload(text: Bool, _ rng: inout SeededRandom) -> [UInt8] {
        let sizes: [ClosedRange<Int>] = [0...8, 0...40, 0...100, 120...130, 250...262]
        let size = Int.random(in: sizes.randomElement(using: &rng)!, using: &rng)
        guard text && Int.random(in: 0..<6, using: &rng) != 0 else { return rng.bytes(size) }
        // Plain ASCII half the time, so fragmented text messages often survive to the end.
        if Bool.random(using: &rng) { return (0..<size).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) } }
        var bytes: [UInt8] = []
        while bytes.count < size {
            UTF8.encode(WebSocketUTF8ValidatorTests.randomScalar(&rng)) { bytes.append($0) }
        }
        // Cutting at `size` may split the last character, which a later continuation frame can complete or not.
        return Array(bytes.prefix(size))
    }

    static func randomClosePayload(_ rng: inout SeededRandom) -> [UInt8] {
        let codes: [UInt16] = [1000, 1001, 1002, 1003, 1005, 1011, 1015, 2000, 3000, 4999, 5000, 0]
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return []
        case 1: return [UInt8.random(in: 0...255, using: &rng)]
        default:
            let code = codes.randomElement(using: &rng)!
            return webSocketClosePayload(code, randomPayload(text: true, &rng).prefix(Int.random(in: 0...130, using: &rng)).map { $0 })
        }
    }

    static func mutate(_ stream: inout [UInt8], _ rng: inout SeededRandom) {
        guard !stream.isEmpty else { return }
        let at = Int.random(in: 0..<stream.count, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: stream[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 1: stream.insert(UInt8.random(in: 0...255, using: &rng), at: at)
        case 2: stream.remove(at: at)
        case 3: stream.removeLast(Int.random(in: 0...(stream.count - at), using: &rng))
        default: stream.insert(contentsOf: stream[at..<min(stream.count, at + 16)], at: at)
        }
    }
}
