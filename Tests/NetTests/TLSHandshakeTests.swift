import CShims
import Testing
@testable import Net

@Suite struct TLSHandshakeTests {
    let context: TLSContext

    init() throws {
        context = try TLSContext(try TLSTestCertificate.shared().configuration)
    }

    private func expectHandshake(_ link: TLSTestLink, sourceLocation: SourceLocation = #_sourceLocation) {
        link.pump(sourceLocation: sourceLocation)
        let how = "\(link.chunking)"
        #expect(link.client.failure == nil, "client failed (\(how))", sourceLocation: sourceLocation)
        #expect(link.serverEvents.isEmpty, "server: \(link.serverEvents) (\(how))", sourceLocation: sourceLocation)
        #expect(link.server.isHandshakeComplete, "server handshake (\(how))", sourceLocation: sourceLocation)
        #expect(link.client.isHandshakeComplete, "client handshake (\(how))", sourceLocation: sourceLocation)
    }

    @Test func handshakeWithBytesAllAtOnce() throws {
        let link = try TLSTestLink(context: context, chunking: .whole)
        #expect(!link.server.isHandshakeComplete)
        expectHandshake(link)
        #expect(link.client.protocolVersion == "TLSv1.3")
    }

    @Test func handshakeWithBytesOneAtATime() throws {
        expectHandshake(try TLSTestLink(context: context, chunking: .singleBytes))
    }

    @Test func handshakeWithBytesInRandomSplits() throws {
        for _ in 0..<20 {
            expectHandshake(try TLSTestLink(context: context, chunking: .random(seed: TLSChunking.randomSeed())))
        }
    }

    @Test func handshakeWithTLS12Client() throws {
        let client = TLSTestClient(.init(maxVersion: TLS1_2_VERSION))
        let link = try TLSTestLink(context: context, client: client, chunking: .singleBytes)
        expectHandshake(link)
        #expect(client.protocolVersion == "TLSv1.2")
        #expect(link.server.negotiatedProtocol == "http/1.1")
    }

    @Test func tls11ClientIsRefused() throws {
        let client = TLSTestClient(.init(maxVersion: TLS1_1_VERSION, securityLevel: 0))
        let link = try TLSTestLink(context: context, client: client)
        link.pump()
        #expect(!link.server.isHandshakeComplete)
        guard case .failed(.handshake(let reason))? = link.serverEvents.first else {
            Issue.record("expected a handshake failure, got \(link.serverEvents)")
            return
        }
        #expect(reason.contains("unsupported protocol"), "\(reason)")
        #expect(client.failure != nil, "the client should have been told by an alert")
        #expect(ERR_peek_error() == 0, "the server's errors must not stay in the thread's queue")
    }

    @Test func clientVerifiesCertificateForLocalhost() throws {
        let certificate = try TLSTestCertificate.shared()
        let client = TLSTestClient(.init(trustedCertificatePath: certificate.certificatePath))
        expectHandshake(try TLSTestLink(context: context, client: client))
    }

    @Test(arguments: [
        (["http/1.1"], "http/1.1"),
        (["h2", "http/1.1"], "http/1.1"),
        (["h2"], nil),
        ([], nil),
    ] as [([String], String?)])
    func alpnSelectsHTTP11WhenOffered(offered: [String], expected: String?) throws {
        let client = TLSTestClient(.init(alpn: offered))
        let link = try TLSTestLink(context: context, client: client)
        expectHandshake(link)
        #expect(link.server.negotiatedProtocol == expected)
        #expect(client.negotiatedProtocol == expected)
    }

    @Test func alpnListWalkFindsHTTP11AndStopsAtMalformedLengths() {
        func offset(_ list: [UInt8]) -> Int? {
            list.withUnsafeBufferPointer { TLSContext.offsetOfHTTP11(in: $0) }
        }
        let http11 = Array("http/1.1".utf8)
        #expect(offset([2] + Array("h2".utf8) + [8] + http11) == 4)
        #expect(offset([8] + http11) == 1)
        #expect(offset([9] + http11 + [0]) == nil)
        #expect(offset([200] + http11) == nil)
        #expect(offset([0, 8] + http11) == 2)
        #expect(offset([]) == nil)
    }
}
