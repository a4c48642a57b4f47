/// The session cookies the Mattermost webapp expects, and a `Cookie` header parser.
///
/// `MMAUTHTOKEN` carries the session token and is HttpOnly, so page scripts (and anything injected into them)
/// cannot read it. `MMUSERID` and `MMCSRF` are readable on purpose: the webapp reads its user id from one and
/// copies the other into the `X-CSRF-Token` header, which is what proves a request came from our own page.
enum Cookies {
    static let authTokenName = "MMAUTHTOKEN"
    static let userIDName = "MMUSERID"
    static let csrfName = "MMCSRF"
    /// Well-formed pairs beyond this many are ignored, so a huge `Cookie` header costs bounded work and memory.
    static let cookiesMax = 64

    /// Parses `Cookie` header values (`a=b; c=d`) as RFC 6265 §5.4 describes: the first occurrence of a name
    /// wins, whitespace around names and values is trimmed, a value in double quotes is unquoted, and pairs that
    /// are malformed (no `=`, a name that is not a token, bytes outside cookie-octet) are skipped.
    static func parse(_ headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        var seen = 0
        for header in headerValues {
            for pair in header.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
                guard seen < cookiesMax else { return cookies }
                guard let (name, value) = parsePair(pair) else { continue }
                seen += 1
                if cookies[name] == nil { cookies[name] = value }
            }
        }
        return cookies
    }

    /// The three Set-Cookie values for a new session. `secure` is true when the connection is TLS, so the
    /// browser never sends the token over plain HTTP afterwards.
    static func sessionCookies(token: String, userID: String, csrf: String, maxAgeSeconds: Int64, secure: Bool)
        -> [String]
    {
        precondition(maxAgeSeconds >= 0, "negative cookie Max-Age \(maxAgeSeconds)")
        for value in [token, userID, csrf] {
            precondition(value.utf8.allSatisfy(isCookieOctet), "session cookie value outside cookie-octet")
        }
        return [
            setCookie(authTokenName, token, maxAgeSeconds: maxAgeSeconds, httpOnly: true, secure: secure),
            setCookie(userIDName, userID, maxAgeSeconds: maxAgeSeconds, httpOnly: false, secure: secure),
            setCookie(csrfName, csrf, maxAgeSeconds: maxAgeSeconds, httpOnly: false, secure: secure),
        ]
    }

    /// Set-Cookie values that make the browser drop all three cookies (logout). The attributes match the ones the
    /// cookies were set with, since a browser only replaces a cookie with the same name, path and domain.
    static func clearing(secure: Bool) -> [String] {
        [
            setCookie(authTokenName, "", maxAgeSeconds: 0, httpOnly: true, secure: secure),
            setCookie(userIDName, "", maxAgeSeconds: 0, httpOnly: false, secure: secure),
            setCookie(csrfName, "", maxAgeSeconds: 0, httpOnly: false, secure: secure),
        ]
    }

    private static func setCookie(_ name: String, _ value: String, maxAgeSeconds: Int64, httpOnly: Bool, secure: Bool)
        -> String
    {
        var text = "\(name)=\(value); Path=/; Max-Age=\(maxAgeSeconds)"
        if httpOnly { text += "; HttpOnly" }
        text += "; SameSite=Lax"
        if secure { text += "; Secure" }
        return text
    }

    /// One `name=value` pair, trimmed and validated; nil when malformed.
    private static func parsePair(_ pair: Substring.UTF8View) -> (String, String)? {
        guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let name = trim(pair[pair.startIndex..<equals])
        var value = trim(pair[pair.index(after: equals)...])
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return nil }
        if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
            value = value.dropFirst().dropLast()
        }
        guard value.allSatisfy(isCookieOctet) else { return nil }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private static func trim(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
            || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
    }

    /// RFC 9110 token characters, which RFC 6265 requires of a cookie name.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
