import Synchronization

/// Mattermost-style identifiers: 26 characters of lowercase base32 (alphabet `ybndrfg8ejkmcpqxot1uwisza345h769`)
/// made from 16 random bytes. Used for users, teams, channels, posts, sessions, request ids.
public enum MattermostID {
    static let alphabet = Array("ybndrfg8ejkmcpqxot1uwisza345h769".utf8)

    /// A new id from the system's cryptographic generator (tokens and anything an attacker must not guess).
    public static func random() -> String {
        var g = SystemRandomNumberGenerator()
        return encode(g.next(), g.next())
    }

    /// A new id from a fast generator: for request ids and other values that only need to be unique.
    public static func fast() -> String {
        let (a, b) = FastRandom.shared.next2()
        return encode(a, b)
    }

    /// Base32 of 128 bits, most significant first, giving 26 characters (the last carries 3 bits).
    public static func encode(_ high: UInt64, _ low: UInt64) -> String {
        var out = [UInt8](repeating: 0, count: 26)
        var h = high, l = low
        for i in stride(from: 25, through: 0, by: -1) {
            let bits = i == 25 ? 3 : 5
            // Take the lowest `bits` bits of the 128-bit value, shifting it right.
            let value = Int(l & ((1 << UInt64(bits)) - 1))
            l = (l >> UInt64(bits)) | (h << UInt64(64 - bits))
            h >>= UInt64(bits)
            out[i] = alphabet[i == 25 ? value << 2 : value]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Mattermost's `IsValidId`: 26 characters of `[a-z0-9]`.
    public static func isValid(_ s: some StringProtocol) -> Bool {
        let u = s.utf8
        return u.count == 26 && u.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

/// xoshiro256** behind a mutex, seeded from the system generator: cheap unique values, not secrets.
final class FastRandom: Sendable {
    static let shared = FastRandom()
    private let state: Mutex<(UInt64, UInt64, UInt64, UInt64)>

    init() {
        var g = SystemRandomNumberGenerator()
        state = Mutex((g.next(), g.next(), g.next(), g.next() | 1))
    }

    func next2() -> (UInt64, UInt64) {
        state.withLock { s in (FastRandom.step(&s), FastRandom.step(&s)) }
    }

    private static func step(_ s: inout (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3; s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }
}
