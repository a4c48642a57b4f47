/// The lifecycle of one TLS session, without OpenSSL: which calls are allowed in which phase, and what the
/// plaintext queued during the handshake becomes. `TLSSession` is the thin shell that performs the actions.
struct TLSSessionState {
    enum Phase: Equatable {
        /// Waiting for the peer to finish the handshake; application sends are queued.
        case handshaking
        /// Both directions open.
        case established
        /// The peer sent close_notify; we may still send until we shut down too.
        case closedByPeer
        /// We sent close_notify; we still read, to see the peer's close_notify.
        case closedLocally
        /// Both sides closed, or we closed before the handshake finished. Nothing more happens.
        case closed
        /// A fatal error; every later call reports it again.
        case failed(TLSError)
    }

    enum ReceiveAction: Equatable {
        case driveHandshake
        case readRecords
        case reportClosed
        case reportFailed(TLSError)
    }

    enum SendAction: Equatable {
        /// Encrypt now.
        case write
        /// Queued until the handshake completes; nothing to do now.
        case queued
        /// Refuse; the phase already says why.
        case reject(TLSError)
    }

    enum ShutdownAction: Equatable {
        case sendCloseNotify
        /// Nothing to send: before the handshake there is no session to close, and after one close_notify or
        /// a failure there is nothing more to say.
        case none
    }

    private(set) var phase: Phase = .handshaking
    private(set) var isHandshakeComplete = false
    /// Plaintext sent before the handshake finished, in order. Empty in every other phase.
    private var pendingPlaintext: [UInt8] = []
    let pendingPlaintextBytesMax: Int

    init(pendingPlaintextBytesMax: Int) {
        self.pendingPlaintextBytesMax = pendingPlaintextBytesMax
    }

    func receiveAction() -> ReceiveAction {
        switch phase {
        case .handshaking: return .driveHandshake
        case .established, .closedLocally: return .readRecords
        case .closedByPeer, .closed: return .reportClosed
        case .failed(let error): return .reportFailed(error)
        }
    }

    /// Returns the plaintext queued during the handshake, which the shell must encrypt before anything else.
    mutating func handshakeCompleted() -> [UInt8] {
        guard phase == .handshaking else { preconditionFailure("TLS handshake completed in phase \(phase)") }
        phase = .established
        isHandshakeComplete = true
        defer { pendingPlaintext = [] }
        return pendingPlaintext
    }

    mutating func sendRequested(_ plaintext: UnsafeRawBufferPointer) -> SendAction {
        switch phase {
        case .handshaking:
            guard pendingPlaintext.count + plaintext.count <= pendingPlaintextBytesMax else {
                // Failing the session, not just this call, because a dropped chunk would leave a hole in the
                // byte stream that a later successful send would silently paper over.
                let error = TLSError.protocolError(
                    "more than \(pendingPlaintextBytesMax) bytes queued before the TLS handshake completed")
                failed(error)
                return .reject(error)
            }
            pendingPlaintext.append(contentsOf: plaintext)
            return .queued
        case .established, .closedByPeer:
            return .write
        case .closedLocally, .closed:
            return .reject(.protocolError("send after TLS shutdown"))
        case .failed(let error):
            return .reject(error)
        }
    }

    mutating func shutdownRequested() -> ShutdownAction {
        switch phase {
        case .handshaking:
            pendingPlaintext = []
            phase = .closed
            return .none
        case .established:
            phase = .closedLocally
            return .sendCloseNotify
        case .closedByPeer:
            phase = .closed
            return .sendCloseNotify
        case .closedLocally, .closed, .failed:
            return .none
        }
    }

    mutating func peerSentCloseNotify() {
        switch phase {
        case .established: phase = .closedByPeer
        case .closedLocally: phase = .closed
        case .handshaking, .closedByPeer, .closed, .failed:
            preconditionFailure("close_notify read in phase \(phase)")
        }
    }

    /// The first failure wins: it is the cause, later ones are consequences.
    mutating func failed(_ error: TLSError) {
        switch phase {
        case .failed: return
        case .handshaking, .established, .closedByPeer, .closedLocally, .closed:
            pendingPlaintext = []
            phase = .failed(error)
        }
    }
}
