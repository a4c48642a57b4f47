/// Why TLS set-up or a TLS session failed.
///
/// The strings are for operators: they name the file or carry OpenSSL's reason codes, and never contain key
/// material or application bytes.
public enum TLSError: Error, Sendable, Equatable {
    /// The certificate chain file could not be read or holds no usable certificate.
    case certificate(String)
    /// The private key file could not be read, holds no usable key, or does not match the certificate.
    case privateKey(String)
    /// The handshake with the peer failed (bad ClientHello, no shared protocol version or cipher, ...).
    case handshake(String)
    /// The session failed after set-up: corrupt records, misuse such as sending after shutdown, or a limit hit.
    case protocolError(String)
}
