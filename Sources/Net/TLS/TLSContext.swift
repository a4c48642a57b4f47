import CShims

#if canImport(Glibc)
import Glibc
#endif

/// The server's TLS settings and credentials: one `SSL_CTX`, created once at start-up and shared by all loops.
///
/// `@unchecked Sendable` because the context is configured completely in `init` and never changed after:
/// OpenSSL documents `SSL_new` on a fully configured `SSL_CTX` as safe from many threads at once, and the
/// reference counting it does there is atomic.
public final class TLSContext: @unchecked Sendable {
    /// Owned by this object; read-only after `init`, so any thread may create sessions from it.
    let sslContext: OpaquePointer
    /// Copied from the configuration so each session knows its handshake-time queue limit.
    let pendingPlaintextBytesMax: Int

    /// Loads and checks the certificate chain and key, so a bad file stops start-up with the file named
    /// instead of failing every handshake later.
    public init(_ config: TLSConfiguration) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let method = TLS_server_method(), let context = SSL_CTX_new(method) else {
            throw .handshake("cannot create TLS context: " + OpenSSLErrorQueue.drain(fallback: "SSL_CTX_new failed"))
        }
        do {
            try Self.configureProtocol(context)
            try Self.loadCertificateChain(context, path: config.certificateChainPath)
            try Self.loadPrivateKey(context, path: config.privateKeyPath, certificatePath: config.certificateChainPath)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        sslContext = context
        pendingPlaintextBytesMax = config.pendingPlaintextBytesMax
    }

    deinit {
        SSL_CTX_free(sslContext)
    }

    /// TLS 1.2 is the floor: older versions are broken or deprecated (RFC 8996). Partial writes let a session
    /// hand back records one at a time; no compression (CRIME); no renegotiation, which a client could use to
    /// make us do handshake work again and again on one connection.
    private static func configureProtocol(_ context: OpaquePointer) throws(TLSError) {
        guard parley_ssl_ctx_set_min_tls12(context) == 1 else {
            throw .handshake("cannot require TLS 1.2: " + OpenSSLErrorQueue.drain(fallback: "unknown reason"))
        }
        _ = parley_ssl_ctx_set_mode_partial(context)
        _ = parley_ssl_ctx_set_options_server(context)
        installALPNSelection(context)
    }

    private static func loadCertificateChain(_ context: OpaquePointer, path: String) throws(TLSError) {
        if let problem = unreadableReason(path) {
            throw .certificate("cannot read certificate chain file '\(path)': \(problem)")
        }
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_certificate_chain_file(context, path) == 1 else {
            let reasons = OpenSSLErrorQueue.drain(fallback: "no certificate found")
            throw .certificate("no usable certificate in '\(path)': \(reasons)")
        }
    }

    /// OpenSSL already refuses a key that does not match the loaded certificate; we recognise that reason so
    /// the message says "does not match" instead of only an OpenSSL code.
    private static func loadPrivateKey(_ context: OpaquePointer, path: String, certificatePath: String) throws(TLSError) {
        if let problem = unreadableReason(path) {
            throw .privateKey("cannot read private key file '\(path)': \(problem)")
        }
        let mismatch = "private key in '\(path)' does not match the certificate in '\(certificatePath)'"
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_PrivateKey_file(context, path, SSL_FILETYPE_PEM) == 1 else {
            let isMismatch = OpenSSLErrorQueue.oldestIs(library: ERR_LIB_X509, reason: X509_R_KEY_VALUES_MISMATCH)
            let reasons = OpenSSLErrorQueue.drain(fallback: "no private key found")
            throw .privateKey(isMismatch ? mismatch : "no usable private key in '\(path)': \(reasons)")
        }
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .privateKey(mismatch + ": " + OpenSSLErrorQueue.drain(fallback: "check failed"))
        }
    }

    /// Opening the file ourselves gives the plain system reason ("No such file or directory", "Permission
    /// denied"); OpenSSL's own message for the same failure is a chain of codes.
    private static func unreadableReason(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd < 0 else {
            close(fd)
            return nil
        }
        return String(cString: strerror(errno))
    }
}
