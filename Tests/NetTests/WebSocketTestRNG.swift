#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: tiny, fast and fully determined by its seed, so a failure reproduces from the printed seed.
struct WebSocketTestRNG: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// The base seed for randomized tests: fixed so runs are repeatable, overridable with
    /// WEBSOCKET_TEST_SEED to explore other streams.
    static var baseSeed: UInt64 {
        if let text = getenvString("WEBSOCKET_TEST_SEED"), let seed = UInt64(text) { return seed }
        return 0x5EED_0F_CAFE
    }

    private static func getenvString(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
