/// What one `TLSSession.receive` call found, beyond the bytes it appended.
public enum TLSReceiveResult: Sendable, Equatable {
    /// The session is healthy; keep receiving.
    case ok
    /// The peer sent close_notify: no more application data will come. Plaintext decrypted before the
    /// alert was still appended. Reply with `shutdown(ciphertextOut:)` before closing the socket.
    case closed
    /// The session is dead. Any alert OpenSSL produced was appended to `ciphertextOut` so the peer learns
    /// why; send it, then close the socket.
    case failed(TLSError)
}
