import Foundation
import Net
import Testing

/// How ciphertext is cut before it is handed over: TLS must not care where TCP splits its stream.
enum TLSChunking: CustomStringConvertible, Sendable {
    case whole
    case singleBytes
    case random(seed: UInt64)

    var description: String {
        switch self {
        case .whole: "whole"
        case .singleBytes: "single bytes"
        case .random(let seed): "random splits, seed \(seed)"
        }
    }

    /// A fresh seed, or the one in PARLEY_TEST_SEED to replay a failure.
    static func randomSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["PARLEY_TEST_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 0...UInt64.max)
    }
}


/// A server `TLSSession` and a `TLSTestClient` joined back to back, with ciphertext moved between them in
/// chunks chosen by a `TLSChunking`.
final class TLSTestLink {
    let server: TLSSession
    let client: TLSTestClient
    let chunking: TLSChunking
    private var random: SeededRandom
    /// Plaintext the server session decrypted.
    var serverPlaintext: [UInt8] = []
    /// Ciphertext the server produced and the client has not been given yet.
    var serverOutbox: [UInt8] = []
    /// Every result other than `.ok` the server session returned, in order.
    private(set) var serverEvents: [TLSReceiveResult] = []

    init(context: TLSContext, client: TLSTestClient = TLSTestClient(), chunking: TLSChunking = .whole) throws {
        self.server = try TLSSession(context: context)
        self.client = client
        self.chunking = chunking
        if case .random(let seed) = chunking {
            random = SeededRandom(seed: seed)
        } else {
            random = SeededRandom(seed: 0)
        }
    }

    /// Moves bytes both ways until neither side has anything more to say.
    func pump(sourceLocation: SourceLocation = #_sourceLocation) {
        client.advance()
        for _ in 0..<100_000 {
            let toServer = client.takeOutgoing()
            for chunk in split(toServer) {
                let result = chunk.withUnsafeBytes {
                    server.receive($0, plaintext: &serverPlaintext, ciphertextOut: &serverOutbox)
                }
                if result != .ok { serverEvents.append(result) }
            }
            let toClient = serverOutbox
            serverOutbox = []
            for chunk in split(toClient) { client.receive(chunk) }
            if toServer.isEmpty && toClient.isEmpty { return }
        }
        Issue.record("TLS link never went quiet (\(chunking))", sourceLocation: sourceLocation)
    }

    func serverSend(_ plaintext: [UInt8]) -> Result<Void, TLSError> {
        plaintext.withUnsafeBytes { server.send($0, ciphertextOut: &serverOutbox) }
    }

    func serverShutdown() {
        server.shutdown(ciphertextOut: &serverOutbox)
    }

    /// Hands the server raw bytes as if from the socket, bypassing the client.
    @discardableResult
    func serverReceive(_ ciphertext: [UInt8]) -> TLSReceiveResult {
        let result = ciphertext.withUnsafeBytes {
            server.receive($0, plaintext: &serverPlaintext, ciphertextOut: &serverOutbox)
        }
        if result != .ok { serverEvents.append(result) }
        return result
    }

    private func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        guard !bytes.isEmpty else { return [] }
        switch chunking {
        case .whole:
            return [bytes[...]]
        case .singleBytes:
            return bytes.indices.map { bytes[$0...$0] }
        case .random:
            var chunks: [ArraySlice<UInt8>] = []
            var start = 0
            while start < bytes.count {
                // Mostly small pieces that cut headers apart, sometimes several records at once.
                let limit = Bool.random(using: &random) ? 16 : 40_000
                let length = min(bytes.count - start, Int.random(in: 1...limit, using: &random))
                chunks.append(bytes[start..<(start + length)])
                start += length
            }
            return chunks
        }
    }
}
