import CShims

/// A TLS client on OpenSSL memory BIOs, the mirror image of `TLSSession`, so tests can talk to a server session
/// without sockets. It shares the test thread, and so OpenSSL's per-thread error queue, with the server
/// session under test: a leak of queued errors between them would show up as a spurious failure.
final class TLSTestClient {
    struct Options {
        /// Protocols offered through ALPN, most preferred first; empty offers no ALPN at all.
        var alpn: [String] = ["http/1.1"]
        /// Caps the client's protocol version (say `TLS1_2_VERSION`).
        var maxVersion: Int32?
        /// OpenSSL refuses TLS 1.1 at its default security level; level 0 lets the test offer it anyway.
        var securityLevel: Int32?
        /// When set, the client verifies the server's chain against this file and the name "localhost".
        var trustedCertificatePath: String?
    }

    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    /// Application bytes decrypted so far.
    private(set) var received: [UInt8] = []
    private(set) var receivedCloseNotify = false
    /// OpenSSL's reasons for the client's first fatal error.
    private(set) var failure: String?

    init(_ options: Options = Options()) {
        context = SSL_CTX_new(TLS_client_method())!
        if let maxVersion = options.maxVersion {
            precondition(SSL_CTX_ctrl(context, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(maxVersion), nil) == 1)
        }
        if let level = options.securityLevel {
            SSL_CTX_set_security_level(context, level)
        }
        if let trusted = options.trustedCertificatePath {
            precondition(SSL_CTX_load_verify_locations(context, trusted, nil) == 1, "cannot load \(trusted)")
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        ssl = SSL_new(context)!
        readBIO = BIO_new(BIO_s_mem())!
        writeBIO = BIO_new(BIO_s_mem())!
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_connect_state(ssl)
        if options.trustedCertificatePath != nil {
            precondition(SSL_set1_host(ssl, "localhost") == 1)
        }
        if !options.alpn.isEmpty {
            let wire = options.alpn.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
            // SSL_set_alpn_protos returns 0 on success, unlike most of OpenSSL.
            precondition(SSL_set_alpn_protos(ssl, wire, UInt32(wire.count)) == 0)
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// "TLSv1.3", "TLSv1.2", ...
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// Takes ciphertext from the server and acts on it: continues the handshake, decrypts data.
    func receive<Bytes: Collection<UInt8>>(_ ciphertext: Bytes) {
        let bytes = Array(ciphertext)
        if !bytes.isEmpty {
            precondition(BIO_write(readBIO, bytes, Int32(bytes.count)) == Int32(bytes.count))
        }
        advance()
    }

    /// Starts or continues the handshake, then reads whatever application data is available.
    func advance() {
        guard failure == nil, !receivedCloseNotify else { return }
        ERR_clear_error()
        if !isHandshakeComplete {
            let result = SSL_do_handshake(ssl)
            guard result == 1 else {
                noteFailure(SSL_get_error(ssl, result))
                return
            }
        }
        readAvailable()
    }

    private func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            ERR_clear_error()
            var count = 0
            let result = SSL_read_ex(ssl, &buffer, buffer.count, &count)
            if result == 1 {
                received += buffer[..<count]
                continue
            }
            let code = SSL_get_error(ssl, result)
            if code == SSL_ERROR_ZERO_RETURN {
                receivedCloseNotify = true
            } else {
                noteFailure(code)
            }
            return
        }
    }

    /// Encrypts application data; the handshake must be complete.
    func write(_ plaintext: [UInt8]) {
        precondition(isHandshakeComplete, "test client writes only after its handshake")
        var offset = 0
        while offset < plaintext.count {
            ERR_clear_error()
            var written = 0
            let result = plaintext.withUnsafeBytes {
                SSL_write_ex(ssl, $0.baseAddress! + offset, plaintext.count - offset, &written)
            }
            precondition(result == 1, "test client write failed: \(Self.drainErrors())")
            offset += written
        }
    }

    /// Sends close_notify. Returns OpenSSL's answer: 1 when the server's close_notify had already arrived.
    @discardableResult
    func shutdown() -> Int32 {
        ERR_clear_error()
        return SSL_shutdown(ssl)
    }

    /// Everything the client wants sent to the server since the last call.
    func takeOutgoing() -> [UInt8] {
        let pending = Int(parley_bio_pending(writeBIO))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        precondition(BIO_read(writeBIO, &bytes, Int32(pending)) == Int32(pending))
        return bytes
    }

    private func noteFailure(_ code: Int32) {
        guard code != SSL_ERROR_WANT_READ else { return }
        failure = failure ?? "SSL error \(code): \(Self.drainErrors())"
    }

    static func drainErrors() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            reasons.append(ERR_reason_error_string(code).map { String(cString: $0) } ?? "code \(code)")
        }
        return reasons.joined(separator: "; ")
    }
}
