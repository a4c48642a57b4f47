import Glibc

extension SeededRandom {
    /// The base seed for the WebSocket tests: fixed so runs are repeatable, overridable with
    /// WEBSOCKET_TEST_SEED to explore other streams.
    static var baseSeed: UInt64 {
        if let text = getenv("WEBSOCKET_TEST_SEED").map({ String(cString: $0) }), let seed = UInt64(text) {
            return seed
        }
        return 0x5EED_0F_CAFE
    }
}
