import CShims

/// OpenSSL's error queue is per thread, not per connection. Every loop thread serves many sessions, so an
/// error left in the queue by one session would be reported by the next `SSL_get_error` of another. We
/// therefore clear the queue before every call whose outcome we classify, and drain it completely after
/// every failure.
enum OpenSSLErrorQueue {
    /// At most this many reasons go into one message; the rest are drained but dropped, so a long queue
    /// cannot make a log line unbounded.
    static let reasonsInMessageMax = 4

    @inline(__always)
    static func clear() {
        ERR_clear_error()
    }

    /// Empties the queue and returns its reasons joined, or `fallback` when the queue was empty (as after
    /// a failure OpenSSL reports only through its return value).
    static func drain(fallback: String) -> String {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            guard reasons.count < reasonsInMessageMax else { continue }
            buffer.withUnsafeMutableBufferPointer { ERR_error_string_n(code, $0.baseAddress, $0.count) }
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? fallback : reasons.joined(separator: "; ")
    }

    /// True when the oldest queued error carries this library and reason, without removing it.
    static func oldestIs(library: Int32, reason: Int32) -> Bool {
        let code = ERR_peek_error()
        return code != 0 && ERR_GET_LIB(code) == library && ERR_GET_REASON(code) == reason
    }
}
