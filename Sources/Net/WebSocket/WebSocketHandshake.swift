import CShims

/// The server's half of the opening handshake (RFC 6455 §4.2): checks an upgrade request and builds the
/// 101 response. It sees headers only through a lookup closure so it stays independent of the HTTP parser.
public enum WebSocketHandshake {
    /// The GUID RFC 6455 appends to the client's key before hashing.
    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// Checks the request line and headers; `header` looks a name up case-insensitively and returns nil when
    /// absent. Returns the `Sec-WebSocket-Accept` value for `responseHead`.
    public static func validate(
        method: String, versionMinor: Int, header: (String) -> String?
    ) -> Result<String, WebSocketHandshakeError> {
        guard method == "GET" else { return .failure(.init(status: 400, reason: "WebSocket upgrade must be GET")) }
        guard versionMinor >= 1 else {
            return .failure(.init(status: 400, reason: "WebSocket upgrade needs HTTP/1.1"))
        }
        guard let upgrade = header("Upgrade"), containsToken(upgrade, "websocket") else {
            return .failure(.init(status: 400, reason: "Upgrade header must be websocket"))
        }
        guard let connection = header("Connection"), containsToken(connection, "upgrade") else {
            return .failure(.init(status: 400, reason: "Connection header must contain upgrade"))
        }
        // A missing version is as unusable as a wrong one; both get 426 so the client learns we speak 13.
        guard let version = header("Sec-WebSocket-Version"), trimmed(version) == "13" else {
            return .failure(.init(status: 426, reason: "Sec-WebSocket-Version must be 13"))
        }
        guard let key = header("Sec-WebSocket-Key").map(trimmed), isNonce(key) else {
            return .failure(.init(status: 400, reason: "Sec-WebSocket-Key must be base64 of 16 bytes"))
        }
        return .success(acceptValue(forKey: key))
    }

    /// base64(SHA-1(key + GUID)), computed with OpenSSL.
    public static func acceptValue(forKey key: String) -> String {
        let input = Array((key + acceptGUID).utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var digestLength: UInt32 = 0
        let hashed = EVP_Digest(input, input.count, &digest, &digestLength, EVP_sha1(), nil)
        precondition(hashed == 1 && digestLength == 20, "EVP_Digest(SHA-1) failed: \(hashed), \(digestLength)")
        // EVP_EncodeBlock writes 4 characters per 3 input bytes plus a terminating NUL.
        var encoded = [UInt8](repeating: 0, count: 4 * ((20 + 2) / 3) + 1)
        let written = EVP_EncodeBlock(&encoded, digest, 20)
        precondition(written == 28, "EVP_EncodeBlock wrote \(written) characters for a SHA-1 digest")
        return String(decoding: encoded[0..<28], as: UTF8.self)
    }

    /// The complete 101 response head, ending with the blank line. `extraHeaders` come from server code
    /// (never from the request), so a CR or LF in them is a programmer error that would split the response.
    public static func responseHead(accept: String, extraHeaders: [(String, String)]) -> [UInt8] {
        var head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        head += "Sec-WebSocket-Accept: \(accept)\r\n"
        for (name, value) in extraHeaders {
            precondition(!hasLineBreak(name) && !hasLineBreak(value), "line break in response header \(name)")
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// Whether a comma-separated header value lists `token`, compared ASCII case-insensitively
    /// (RFC 9110 §7.8: `Connection: keep-alive, Upgrade` is common).
    static func containsToken(_ value: String, _ token: String) -> Bool {
        value.split(separator: ",").contains { trimmed(String($0)).lowercased() == token }
    }

    /// The key must be 24 base64 characters: 22 that carry the 16 bytes and "==" padding. Anything else
    /// cannot decode to exactly 16 bytes. Unused low bits of the last character are not checked, as
    /// common decoders ignore them too.
    static func isNonce(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 24, bytes[22] == UInt8(ascii: "="), bytes[23] == UInt8(ascii: "=") else { return false }
        return bytes[0..<22].allSatisfy(isBase64Character)
    }

    private static func isBase64Character(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "/")
    }

    /// Strips optional whitespace (spaces and tabs) around a header value or list element.
    private static func trimmed(_ value: String) -> String {
        var scalars = Substring(value)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    private static func hasLineBreak(_ s: String) -> Bool {
        s.utf8.contains(UInt8(ascii: "\r")) || s.utf8.contains(UInt8(ascii: "\n"))
    }
}
