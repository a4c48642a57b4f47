import CShims

/// ALPN: Parley speaks HTTP/1.1 only (WebSocket upgrades ride on it). When a client offers "http/1.1" we
/// select it, which some clients require before they send a request over TLS. When a client offers only
/// other protocols (say "h2") we answer without ALPN rather than fail, and the client decides.
extension TLSContext {
    /// The protocol id as it appears on the wire, without its length prefix.
    static let alpnHTTP11: [UInt8] = Array("http/1.1".utf8)

    static func installALPNSelection(_ context: OpaquePointer) {
        SSL_CTX_set_alpn_select_cb(context, { _, out, outLength, offered, offeredLength, _ in
            guard let out, let outLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
            let list = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
            guard let start = TLSContext.offsetOfHTTP11(in: list) else { return SSL_TLSEXT_ERR_NOACK }
            // Pointing into the client's list is allowed: OpenSSL copies the selection before the buffer goes.
            out.pointee = offered + start
            outLength.pointee = UInt8(TLSContext.alpnHTTP11.count)
            return SSL_TLSEXT_ERR_OK
        }, nil)
    }

    /// Walks the client's length-prefixed protocol list; returns where "http/1.1" starts, or nil. A malformed
    /// list (a length running past the end) ends the walk without a match.
    static func offsetOfHTTP11(in list: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < list.count {
            let length = Int(list[index])
            let start = index + 1
            let end = start + length
            guard end <= list.count else { return nil }
            if length == alpnHTTP11.count, list[start..<end].elementsEqual(alpnHTTP11) {
                return start
            }
            index = end
        }
        return nil
    }
}
