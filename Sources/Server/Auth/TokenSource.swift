import Actors
import Net

/// Where a request's session token came from (API-NOTES §1.1), and the CSRF rule that depends on it.
///
/// The source matters beyond the token itself: a browser attaches cookies to requests other sites make, so only
/// cookie-authenticated requests need the CSRF proof, while a header or query token could only have been sent by a
/// client that already knew it.
enum TokenSource: Sendable, Equatable {
    /// `MMAUTHTOKEN`, with the `X-CSRF-Token` and `X-Requested-With` headers the CSRF check reads.
    case cookie(token: String, csrfHeader: String?, requestedWith: String?)
    /// `Authorization: Bearer`, `Authorization: Token` or `?access_token=`.
    case bearer(String)
    case none

    static let bearerPrefix = "bearer "
    static let tokenPrefix = "token "
    static let queryName = "access_token"
    static let csrfHeaderName = "X-CSRF-Token"
    static let requestedWithHeaderName = "X-Requested-With"

    /// Finds the token in Mattermost's order: the cookie wins, then `Authorization: Bearer`, then
    /// `Authorization: Token`, then `?access_token=` where the route allows it. A value that is not shaped like a
    /// Mattermost id is skipped as if absent, so garbage never reaches the session lookup. `query` is the raw
    /// query string, without the `?`.
    static func find(headers: HTTPHeaders, query: Substring?, allowQueryToken: Bool) -> TokenSource {
        if let token = Cookies.parse(headers.values("Cookie"))[Cookies.authTokenName], MattermostID.isValid(token) {
            return .cookie(
                token: token, csrfHeader: headers[csrfHeaderName], requestedWith: headers[requestedWithHeaderName])
        }
        if let authorization = headers["Authorization"] {
            let value = Substring(authorization)
            for prefix in [bearerPrefix, tokenPrefix] {
                if let token = strip(prefix: prefix, from: value), MattermostID.isValid(token) {
                    return .bearer(String(token))
                }
            }
        }
        if allowQueryToken, let query, let token = queryToken(query), MattermostID.isValid(token) {
            return .bearer(String(token))
        }
        return .none
    }

    /// Whether the request passes the CSRF check (RELIABILITY.md A24). Header and query tokens always pass, and
    /// so do safe methods. A cookie-authenticated request with any other method must carry `X-CSRF-Token` equal
    /// to the session's CSRF value; `X-Requested-With: XMLHttpRequest` alone, which older servers took as proof,
    /// is not enough: a custom header proves same-origin only as long as the CORS policy never lets another origin
    /// send it, whereas the CSRF value is a per-session secret another origin cannot know.
    static func csrfOK(source: TokenSource, method: String, sessionCSRF: String) -> Bool {
        switch source {
        case .bearer, .none:
            return true
        case .cookie(_, let csrfHeader, _):
            if method == "GET" || method == "HEAD" { return true }
            guard let csrfHeader, !csrfHeader.isEmpty, !sessionCSRF.isEmpty else { return false }
            return PasswordHasher.constantTimeEqual(Array(csrfHeader.utf8), Array(sessionCSRF.utf8))
        }
    }

    /// The rest of `value` after `prefix` (compared ASCII-case-insensitively, as Mattermost does), trimmed.
    private static func strip(prefix: String, from value: Substring) -> Substring? {
        let head = value.utf8.prefix(prefix.utf8.count)
        guard head.count == prefix.utf8.count,
            zip(head, prefix.utf8).allSatisfy({ asciiLowercased($0) == $1 })
        else { return nil }
        let rest = value.utf8.dropFirst(prefix.utf8.count)
        return Substring(rest).trimmingSpaces()
    }

    /// The first `access_token` value of a query string. Ids need no percent-decoding: an encoded value cannot
    /// pass the id check anyway.
    private static func queryToken(_ query: Substring) -> Substring? {
        let body = query.first == "?" ? query.dropFirst() : query
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            if pair[pair.startIndex..<equals] == queryName {
                return pair[pair.index(after: equals)...]
            }
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
