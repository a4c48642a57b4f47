import Testing
@testable import Net

@Suite struct WebSocketUTF8ValidatorTests {
    /// Feeds `bytes` in the given pieces; valid means no feed failed and the text ends between characters.
    static func validate(_ bytes: [UInt8], pieces: [Int]? = nil) -> Bool {
        var validator = UTF8Validator()
        var offset = 0
        for length in pieces ?? [bytes.count] {
            let piece = Array(bytes[offset..<(offset + length)])
            offset += length
            if !piece.withUnsafeBytes({ validator.feed($0) }) { return false }
        }
        return validator.isComplete
    }

    /// Swift's own decoder is the reference.
    static func reference(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// Whether some continuation can still make `prefix` valid. Every lead byte accepts one of 80, 90 or A0
    /// as its second byte and 80 after that, so trying those completions is exhaustive.
    static func isViablePrefix(_ prefix: [UInt8]) -> Bool {
        if reference(prefix) { return true }
        for count in 1...3 {
            for second: UInt8 in [0x80, 0x90, 0xA0] where reference(prefix + [second] + Array(repeating: 0x80, count: count - 1)) {
                return true
            }
        }
        return false
    }

    /// Random strings biased towards the interesting bytes: valid characters of every length, lead bytes
    /// with special second-byte ranges, stray continuation bytes and truncated characters.
    static func randomString(_ rng: inout SeededRandom) -> [UInt8] {
        let edgeBytes: [UInt8] = [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE,
                                  0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: out.append(UInt8.random(in: 0...0x7F, using: &rng))
            case 1: out.append(edgeBytes.randomElement(using: &rng)!)
            case 2: out.append(UInt8.random(in: 0...0xFF, using: &rng))
            default:
                let scalar = randomScalar(&rng)
                var encoded = Array(String(Character(scalar)).utf8)
                if Int.random(in: 0..<8, using: &rng) == 0 { encoded.removeLast(Int.random(in: 0..<encoded.count, using: &rng)) }
                out += encoded
            }
        }
        return out
    }

    static func randomScalar(_ rng: inout SeededRandom) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xFFFF, 0x10000...0x10FFFF,
                                             0xD7F0...0xE010, 0xFFF0...0x1000F, 0x10FFF0...0x10FFFF]
        while true {
            let range = ranges.randomElement(using: &rng)!
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { return scalar }
        }
    }

    @Test func agreesWithSwiftsDecoderOnRandomStrings() {
        let seed = SeededRandom.baseSeed
        var rng = SeededRandom(seed: seed)
        var validCount = 0
        for index in 0..<100_000 {
            let bytes = Self.randomString(&rng)
            let expected = Self.reference(bytes)
            if expected { validCount += 1 }
            let whole = Self.validate(bytes)
            let cut = Int.random(in: 0...bytes.count, using: &rng)
            let split = Self.validate(bytes, pieces: [cut, bytes.count - cut])
            if whole != expected || split != expected {
                Issue.record("seed \(seed) string #\(index) \(bytes): whole \(whole), split at \(cut) \(split), expected \(expected)")
                return
            }
        }
        // Both outcomes must be common, or the comparison proves little.
        #expect(validCount > 20_000 && validCount < 80_000, "seed \(seed): \(validCount) valid of 100000")
    }

    @Test func failsAtTheFirstImpossibleByte() {
        let seed = SeededRandom.baseSeed &+ 1
        var rng = SeededRandom(seed: seed)
        for index in 0..<10_000 {
            let bytes = Self.randomString(&rng)
            var validator = UTF8Validator()
            for (position, byte) in bytes.enumerated() {
                let accepted = [byte].withUnsafeBytes { validator.feed($0) }
                let viable = Self.isViablePrefix(Array(bytes[...position]))
                if accepted != viable {
                    Issue.record("seed \(seed) string #\(index) \(bytes) at \(position): accepted \(accepted), viable \(viable)")
                    return
                }
                if !accepted { break }
            }
        }
    }

    @Test(arguments: [
        ([0xC0, 0x80], "overlong NUL"), ([0xC1, 0xBF], "overlong two-byte"), ([0xE0, 0x80, 0x80], "overlong three-byte"),
        ([0xE0, 0x9F, 0xBF], "overlong U+07FF"), ([0xF0, 0x80, 0x80, 0x80], "overlong four-byte"),
        ([0xF0, 0x8F, 0xBF, 0xBF], "overlong U+FFFF"), ([0xED, 0xA0, 0x80], "high surrogate U+D800"),
        ([0xED, 0xBF, 0xBF], "low surrogate U+DFFF"), ([0xF4, 0x90, 0x80, 0x80], "U+110000"),
        ([0xF5, 0x80, 0x80, 0x80], "lead F5"), ([0xFF], "byte FF"), ([0x80], "lone continuation"),
        ([0xE2, 0x82], "truncated three-byte"), ([0xF0, 0x9F, 0x98], "truncated four-byte"), ([0xC3], "truncated two-byte"),
        ([0x61, 0xC3, 0x61], "lead then ASCII"),
    ] as [([UInt8], String)])
    func rejectsClassicInvalidSequences(bytes: [UInt8], name: String) {
        #expect(!Self.validate(bytes), "\(name)")
        #expect(!Self.reference(bytes), "reference disagrees on \(name)")
    }

    @Test(arguments: [
        [], [0x00], [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
        [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], Array("Grüße, 世界 🎉 plain ASCII run".utf8),
    ] as [[UInt8]])
    func acceptsBoundaryCharacters(bytes: [UInt8]) {
        #expect(Self.validate(bytes))
        #expect(Self.validate(bytes, pieces: Array(repeating: 1, count: bytes.count)))
    }

    @Test func impossiblePrefixFailsBeforeTheSequenceEnds() {
        var validator = UTF8Validator()
        #expect(([0xF4, 0x90] as [UInt8]).withUnsafeBytes { validator.feed($0) } == false)
        var incomplete = UTF8Validator()
        #expect(([0xE2, 0x82] as [UInt8]).withUnsafeBytes { incomplete.feed($0) })
        #expect(!incomplete.isComplete)
    }

    @Test func failureIsPermanent() {
        var validator = UTF8Validator()
        #expect(([0xC0] as [UInt8]).withUnsafeBytes { validator.feed($0) } == false)
        #expect(([0x61] as [UInt8]).withUnsafeBytes { validator.feed($0) } == false)
        #expect(!validator.isComplete)
    }

    @Test func asciiFastPathStopsAtTheFirstNonASCIIByte() {
        // Invalid bytes placed at every position around the eight-byte ASCII skip.
        for position in 0..<24 {
            var bytes = Array(repeating: UInt8(ascii: "a"), count: 24)
            bytes[position] = 0xFF
            #expect(!Self.validate(bytes), "0xFF at \(position)")
        }
    }
}
