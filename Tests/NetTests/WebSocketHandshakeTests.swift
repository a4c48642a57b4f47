import Testing
@testable import Net

@Suite struct WebSocketHandshakeTests {
    /// The request of RFC 6455 §1.3, with header names in mixed case to exercise case-insensitive lookup.
    static let rfcHeaders: [String: String] = [
        "Host": "server.example.com", "Upgrade": "websocket", "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": "http://example.com", "Sec-WebSocket-Version": "13",
    ]

    static func validate(
        _ headers: [String: String], method: String = "GET", versionMinor: Int = 1
    ) -> Result<String, WebSocketHandshakeError> {
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        return WebSocketHandshake.validate(method: method, versionMinor: versionMinor) { lowered[$0.lowercased()] }
    }

    static func changing(_ name: String, to value: String?) -> [String: String] {
        var headers = rfcHeaders
        headers[name] = value
        return headers
    }

    @Test func acceptValueOfTheRFCExampleKey() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func rfcExampleRequestIsAccepted() {
        #expect(Self.validate(Self.rfcHeaders) == .success("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
    }

    @Test func headerValuesAreTokenListsComparedCaseInsensitively() {
        var headers = Self.rfcHeaders
        headers["Connection"] = "keep-alive, Upgrade"
        headers["Upgrade"] = "WebSocket"
        headers["Sec-WebSocket-Version"] = " 13 "
        headers["Sec-WebSocket-Key"] = " dGhlIHNhbXBsZSBub25jZQ==\t"
        #expect(Self.validate(headers) == .success("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
    }

    @Test func wrongMethodOrHTTPVersionIs400() {
        #expect(Self.validate(Self.rfcHeaders, method: "POST") == .failure(.init(status: 400, reason: "WebSocket upgrade must be GET")))
        #expect(Self.validate(Self.rfcHeaders, method: "get") == .failure(.init(status: 400, reason: "WebSocket upgrade must be GET")))
        #expect(Self.validate(Self.rfcHeaders, versionMinor: 0) == .failure(.init(status: 400, reason: "WebSocket upgrade needs HTTP/1.1")))
    }

    @Test(arguments: [nil, "h2c", "websocketx", ""] as [String?])
    func missingOrWrongUpgradeIs400(upgrade: String?) {
        #expect(Self.validate(Self.changing("Upgrade", to: upgrade))
                == .failure(.init(status: 400, reason: "Upgrade header must be websocket")))
    }

    @Test(arguments: [nil, "keep-alive", "upgraded", "close"] as [String?])
    func connectionWithoutUpgradeTokenIs400(connection: String?) {
        #expect(Self.validate(Self.changing("Connection", to: connection))
                == .failure(.init(status: 400, reason: "Connection header must contain upgrade")))
    }

    @Test(arguments: [nil, "8", "12", "14", "13, 8", ""] as [String?])
    func otherVersionsAre426WithTheVersionWeSpeak(version: String?) {
        let result = Self.validate(Self.changing("Sec-WebSocket-Version", to: version))
        #expect(result == .failure(.init(status: 426, reason: "Sec-WebSocket-Version must be 13")))
        if case .failure(let error) = result {
            #expect(error.responseHeaders.map { "\($0.0): \($0.1)" } == ["Sec-WebSocket-Version: 13"])
        }
    }

    @Test(arguments: [
        nil, "", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ===",
        "dGhlIHNhbXBsZSBub25j", /* 15 bytes */ "dGhlIHNhbXBsZSBub25jZXM=", /* 17 bytes */ "dGhlIHNhbXBsZSBub25jZXMh",
        "dGhlIHNhbXBsZSBub25jZ!==", "dGhlIHNhbXBsZSBub25jZQ==, dGhlIHNhbXBsZSBub25jZQ==",
    ] as [String?])
    func keyThatIsNotSixteenBase64BytesIs400(key: String?) {
        #expect(Self.validate(Self.changing("Sec-WebSocket-Key", to: key))
                == .failure(.init(status: 400, reason: "Sec-WebSocket-Key must be base64 of 16 bytes")))
    }

    @Test func refusalsOtherThan426CarryNoExtraHeaders() {
        #expect(WebSocketHandshakeError(status: 400, reason: "x").responseHeaders.isEmpty)
    }

    @Test func responseHead() {
        let head = WebSocketHandshake.responseHead(accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                                                   extraHeaders: [("Sec-WebSocket-Protocol", "chat")])
        let expected = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n"
        #expect(head == Array(expected.utf8))
    }
}
