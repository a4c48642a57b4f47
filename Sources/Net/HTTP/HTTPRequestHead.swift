/// A parsed request line and header section, with the framing and connection facts the server acts on
/// already derived from the headers.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The request-target exactly as sent.
    public var target: String
    /// `target` up to the first "?", not percent-decoded.
    public var path: Substring
    /// `target` after the first "?", or nil when there is none.
    public var query: Substring?
    /// 0 for HTTP/1.0, 1 for HTTP/1.1; the parser rejects every other version.
    public var versionMinor: Int
    public var headers: HTTPHeaders
    public var contentLength: Int?
    public var isChunked: Bool
    /// HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive".
    public var keepAlive: Bool
    /// "Expect: 100-continue": the client waits for a 100 (or a final answer) before sending the body.
    public var expectsContinue: Bool
    /// GET with "Upgrade: websocket" and "upgrade" among the Connection tokens.
    public var isWebSocketUpgrade: Bool

    /// Builds a head for callers outside the parser (tests, internal requests). Framing is derived leniently:
    /// headers the parser would reject leave `contentLength` nil and `isChunked` false.
    public init(method: String, target: String, versionMinor: Int = 1, headers: HTTPHeaders = .init()) {
        let framing = try? Self.framing(headers: headers, versionMinor: versionMinor)
        self.init(
            method: method, target: target, versionMinor: versionMinor, headers: headers,
            contentLength: framing?.contentLength, isChunked: framing?.isChunked ?? false)
    }

    init(
        method: String, target: String, versionMinor: Int, headers: HTTPHeaders, contentLength: Int?,
        isChunked: Bool
    ) {
        self.method = method
        self.target = target
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = target[..<mark]
            query = target[target.utf8.index(after: mark)...]
        } else {
            path = target[...]
            query = nil
        }
        self.versionMinor = versionMinor
        self.headers = headers
        self.contentLength = contentLength
        self.isChunked = isChunked
        let facts = Self.connectionFacts(headers)
        keepAlive = versionMinor >= 1 ? !facts.close : !facts.close && facts.keepAlive
        expectsContinue = facts.expectsContinue
        isWebSocketUpgrade = method == "GET" && facts.upgradeToWebSocket && facts.connectionUpgrade
    }

    /// Reads Connection, Upgrade and Expect in one pass over the fields: this runs for every request.
    private static func connectionFacts(_ headers: HTTPHeaders) -> (
        close: Bool, keepAlive: Bool, connectionUpgrade: Bool, upgradeToWebSocket: Bool, expectsContinue: Bool
    ) {
        var close = false
        var keepAlive = false
        var connectionUpgrade = false
        var upgradeToWebSocket = false
        var expect: String? = nil
        for field in headers {
            if HTTPHeaders.namesEqual(field.name, "Connection") {
                HTTPHeaders.forEachListElement(field.value) { token in
                    close = close || HTTPHeaders.namesEqual(token, "close")
                    keepAlive = keepAlive || HTTPHeaders.namesEqual(token, "keep-alive")
                    connectionUpgrade = connectionUpgrade || HTTPHeaders.namesEqual(token, "upgrade")
                }
            } else if HTTPHeaders.namesEqual(field.name, "Upgrade") {
                HTTPHeaders.forEachListElement(field.value) { token in
                    upgradeToWebSocket = upgradeToWebSocket || HTTPHeaders.namesEqual(token, "websocket")
                }
            } else if expect == nil && HTTPHeaders.namesEqual(field.name, "Expect") {
                expect = field.value
            }
        }
        let expectsContinue = expect.map { HTTPHeaders.namesEqual(HTTPHeaders.trimWhitespace($0[...]), "100-continue") }
        return (close, keepAlive, connectionUpgrade, upgradeToWebSocket, expectsContinue ?? false)
    }
}
