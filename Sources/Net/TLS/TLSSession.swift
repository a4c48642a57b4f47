import CShims

/// Server-side TLS for one connection, without a socket: ciphertext goes in and out through two OpenSSL memory
/// BIOs, so the event loop keeps doing all socket I/O itself (there is no kTLS here).
///
/// Not `Sendable`: a session lives on its connection's loop thread, which is also the only thread whose
/// OpenSSL error queue it touches. The lifecycle rules are in `TLSSessionState`; this class performs them.
public final class TLSSession {
    /// Owned; frees both BIOs when freed. Loop thread only.
    private let ssl: OpaquePointer
    /// Ciphertext from the socket, waiting for OpenSSL. Owned by `ssl`.
    private let readBIO: OpaquePointer
    /// Ciphertext OpenSSL produced, waiting to be copied out to the caller. Owned by `ssl`.
    private let writeBIO: OpaquePointer
    /// Loop thread only.
    private var state: TLSSessionState

    /// TLS records carry at most 16 KiB of plaintext, so one read of this size takes at least one record.
    private static let readChunkBytes = 16 * 1024
    /// A memory BIO takes an `Int32` length; we hand it ciphertext in slices no larger than this.
    private static let bioWriteSliceBytesMax = 1 << 30

    public init(context: TLSContext) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.sslContext) else {
            throw .handshake("cannot create TLS session: " + OpenSSLErrorQueue.drain(fallback: "SSL_new failed"))
        }
        guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            // The BIO that was created, if any, is not yet attached to `ssl`, so it would leak; that is an
            // out-of-memory path where we accept the leak rather than add ownership juggling.
            SSL_free(ssl)
            throw .handshake("cannot create TLS buffers: " + OpenSSLErrorQueue.drain(fallback: "BIO_new failed"))
        }
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        self.state = TLSSessionState(pendingPlaintextBytesMax: context.pendingPlaintextBytesMax)
    }

    deinit {
        SSL_free(ssl)
    }

    public var isHandshakeComplete: Bool { state.isHandshakeComplete }

    /// The ALPN protocol agreed with the client ("http/1.1"), or nil when the client offered none we speak.
    public var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// Feeds ciphertext received from the socket. Decrypted application bytes are appended to `plaintext`;
    /// bytes OpenSSL wants sent (handshake, alerts, session tickets) are appended to `ciphertextOut`.
    public func receive(
        _ ciphertext: UnsafeRawBufferPointer, plaintext: inout [UInt8], ciphertextOut: inout [UInt8]
    ) -> TLSReceiveResult {
        switch state.receiveAction() {
        case .reportClosed:
            return .closed
        case .reportFailed(let error):
            return .failed(error)
        case .driveHandshake:
            if let error = feed(ciphertext) { return .failed(fail(error, ciphertextOut: &ciphertextOut)) }
            switch driveHandshake(ciphertextOut: &ciphertextOut) {
            case .inProgress: return .ok
            case .failed(let error): return .failed(error)
            case .completed: break
            }
        case .readRecords:
            if let error = feed(ciphertext) { return .failed(fail(error, ciphertextOut: &ciphertextOut)) }
        }
        // Application data may arrive in the same segment as the client's Finished, so read even right after
        // the handshake completed.
        return readRecords(plaintext: &plaintext, ciphertextOut: &ciphertextOut)
    }

    /// Encrypts application bytes and appends the records to `ciphertextOut`. Before the handshake completes
    /// the bytes are queued (up to `pendingPlaintextBytesMax`) and encrypted the moment it does.
    public func send(_ plaintext: UnsafeRawBufferPointer, ciphertextOut: inout [UInt8]) -> Result<Void, TLSError> {
        switch state.sendRequested(plaintext) {
        case .queued:
            return .success(())
        case .reject(let error):
            return .failure(error)
        case .write:
            return write(plaintext, ciphertextOut: &ciphertextOut)
        }
    }

    /// Appends a close_notify alert to `ciphertextOut` (once). Before the handshake completes there is no
    /// session to close and nothing is sent; queued plaintext is dropped.
    public func shutdown(ciphertextOut: inout [UInt8]) {
        switch state.shutdownRequested() {
        case .none:
            return
        case .sendCloseNotify:
            OpenSSLErrorQueue.clear()
            // 0 means "sent, the peer's has not arrived", 1 "both sent"; either is fine. A failure here
            // changes nothing because the connection is closing anyway, but its errors must not stay queued.
            if SSL_shutdown(ssl) < 0 {
                _ = OpenSSLErrorQueue.drain(fallback: "")
            }
            drainWriteBIO(into: &ciphertextOut)
        }
    }
}

extension TLSSession {
    private enum HandshakeProgress {
        case inProgress
        case completed
        case failed(TLSError)
    }

    /// Returns an error only if OpenSSL could not take the bytes (out of memory).
    private func feed(_ ciphertext: UnsafeRawBufferPointer) -> TLSError? {
        guard let base = ciphertext.baseAddress else { return nil }
        var offset = 0
        while offset < ciphertext.count {
            let slice = min(ciphertext.count - offset, Self.bioWriteSliceBytesMax)
            OpenSSLErrorQueue.clear()
            guard BIO_write(readBIO, base + offset, Int32(slice)) == Int32(slice) else {
                return .protocolError("cannot buffer received TLS bytes: "
                    + OpenSSLErrorQueue.drain(fallback: "BIO_write failed"))
            }
            offset += slice
        }
        return nil
    }

    private func driveHandshake(ciphertextOut: inout [UInt8]) -> HandshakeProgress {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        guard result == 1 else {
            // SSL_get_error reads the error queue, so it must run before the queue is drained.
            let code = SSL_get_error(ssl, result)
            guard code == SSL_ERROR_WANT_READ else {
                let error = TLSError.handshake(OpenSSLErrorQueue.drain(fallback: "SSL error \(code)"))
                return .failed(fail(error, ciphertextOut: &ciphertextOut))
            }
            drainWriteBIO(into: &ciphertextOut)
            return .inProgress
        }
        let pending = state.handshakeCompleted()
        if case .failure(let error) = pending.withUnsafeBytes({ write($0, ciphertextOut: &ciphertextOut) }) {
            return .failed(error)
        }
        drainWriteBIO(into: &ciphertextOut)
        return .completed
    }

    private func readRecords(plaintext: inout [UInt8], ciphertextOut: inout [UInt8]) -> TLSReceiveResult {
        while true {
            OpenSSLErrorQueue.clear()
            // Decrypt straight into the caller's array: grow it by one record's worth, then trim to what came.
            let start = plaintext.count
            plaintext.append(contentsOf: repeatElement(0, count: Self.readChunkBytes))
            var readCount = 0
            let result = plaintext.withUnsafeMutableBytes { bytes in
                SSL_read_ex(ssl, bytes.baseAddress! + start, Self.readChunkBytes, &readCount)
            }
            plaintext.removeLast(Self.readChunkBytes - (result == 1 ? readCount : 0))
            if result == 1 { continue }
            let code = SSL_get_error(ssl, result)
            switch code {
            case SSL_ERROR_WANT_READ:
                // TLS 1.3 may have answered something (a KeyUpdate); send it along.
                drainWriteBIO(into: &ciphertextOut)
                return .ok
            case SSL_ERROR_ZERO_RETURN:
                state.peerSentCloseNotify()
                drainWriteBIO(into: &ciphertextOut)
                return .closed
            default:
                let error = TLSError.protocolError(OpenSSLErrorQueue.drain(fallback: "SSL error \(code)"))
                return .failed(fail(error, ciphertextOut: &ciphertextOut))
            }
        }
    }

    private func write(_ plaintext: UnsafeRawBufferPointer, ciphertextOut: inout [UInt8]) -> Result<Void, TLSError> {
        guard let base = plaintext.baseAddress else { return .success(()) }
        var offset = 0
        // With SSL_MODE_ENABLE_PARTIAL_WRITE a successful write may take fewer bytes than offered.
        while offset < plaintext.count {
            OpenSSLErrorQueue.clear()
            var written = 0
            let result = SSL_write_ex(ssl, base + offset, plaintext.count - offset, &written)
            guard result == 1 else {
                let code = SSL_get_error(ssl, result)
                let error = TLSError.protocolError(OpenSSLErrorQueue.drain(fallback: "SSL error \(code)"))
                return .failure(fail(error, ciphertextOut: &ciphertextOut))
            }
            offset += written
        }
        drainWriteBIO(into: &ciphertextOut)
        return .success(())
    }

    /// Records the failure and hands out whatever alert OpenSSL queued for the peer. Returns the error that
    /// stands for the session, which is the first one if it had failed before.
    private func fail(_ error: TLSError, ciphertextOut: inout [UInt8]) -> TLSError {
        _ = OpenSSLErrorQueue.drain(fallback: "")
        state.failed(error)
        drainWriteBIO(into: &ciphertextOut)
        if case .failed(let first) = state.phase { return first }
        preconditionFailure("TLS session not failed after failing, phase \(state.phase)")
    }

    private func drainWriteBIO(into ciphertextOut: inout [UInt8]) {
        while true {
            let pending = Int(parley_bio_pending(writeBIO))
            guard pending > 0 else { return }
            let start = ciphertextOut.count
            ciphertextOut.append(contentsOf: repeatElement(0, count: pending))
            let read = ciphertextOut.withUnsafeMutableBytes { bytes in
                BIO_read(writeBIO, bytes.baseAddress! + start, Int32(pending))
            }
            // A memory BIO hands out exactly what it reported pending; anything else is a broken invariant.
            precondition(read == Int32(pending), "memory BIO returned \(read) of \(pending) pending bytes")
        }
    }
}
