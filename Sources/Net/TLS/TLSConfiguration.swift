/// Where the server's certificate chain and private key live, and the limits of one TLS session.
///
/// The files are PEM. The chain file starts with the server's own certificate, followed by any intermediates,
/// so clients that only trust the root can still build the chain.
public struct TLSConfiguration: Sendable {
    /// PEM file with the leaf certificate first, then intermediates.
    public var certificateChainPath: String
    /// PEM file with the unencrypted private key matching the leaf certificate.
    public var privateKeyPath: String
    /// How many plaintext bytes a session queues while its handshake is still running. Beyond this the
    /// session fails: a peer that never finishes its handshake must not make us buffer without end.
    public var pendingPlaintextBytesMax: Int

    public init(certificateChainPath: String, privateKeyPath: String, pendingPlaintextBytesMax: Int = 256 * 1024) {
        precondition(pendingPlaintextBytesMax >= 0, "pendingPlaintextBytesMax must not be negative")
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.pendingPlaintextBytesMax = pendingPlaintextBytesMax
    }
}
