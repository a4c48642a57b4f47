/// A Mattermost id held as its 128 bits: 16 bytes instead of a 26-character String, hashed and compared as two
/// words. The text form is `MattermostID.encode`; `init?(_:)` is its inverse and refuses anything `encode`
/// cannot produce, so a parsed id always prints back to the same text.
public struct ID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static let zero = ID(high: 0, low: 0)

    /// Decodes the 26-character text form; nil for anything else (wrong length, letters outside the alphabet, or
    /// low bits set in the last character, which `encode` never produces).
    public init?(_ text: some StringProtocol) {
        let utf8 = text.utf8
        guard utf8.count == 26 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        var index = 0
        for byte in utf8 {
            let value = ID.decodeTable[Int(byte)]
            guard value != 0xFF else { return nil }
            let bits: UInt64 = index == 25 ? 3 : 5
            let v = UInt64(index == 25 ? value >> 2 : value)
            if index == 25, value & 3 != 0 { return nil }
            high = (high << bits) | (low >> (64 - bits))
            low = (low << bits) | v
            index += 1
        }
        self.init(high: high, low: low)
    }

    public var description: String { MattermostID.encode(high, low) }

    /// A new id from the fast generator (objects); tokens use `MattermostID.random()`.
    public static func fast() -> ID {
        let (a, b) = FastRandom.shared.next2()
        return ID(high: a, low: b)
    }

    public static func random() -> ID {
        var g = SystemRandomNumberGenerator()
        return ID(high: g.next(), low: g.next())
    }

    public static func < (a: ID, b: ID) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in MattermostID.alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()
}

extension ID {
    /// Parses a path or body parameter that must be an id; `me` is resolved by the caller before this.
    public static func parse(_ text: String?) -> ID? {
        guard let text else { return nil }
        return ID(text)
    }
}
