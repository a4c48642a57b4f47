import Net
import Testing
@testable import Server

@Suite struct TokenSourceTests {
    static let cookieToken = "abcdefghijklmnopqrstuvwxyz"
    static let headerToken = "0123456789abcdefghijklmnop"
    static let queryToken = "zyxwvutsrqponmlkjihgfedcba"

    private func find(_ pairs: [(String, String)], query: Substring? = nil, allowQuery: Bool = false) -> TokenSource {
        TokenSource.find(headers: HTTPHeaders(pairs), query: query, allowQueryToken: allowQuery)
    }

    @Test func cookieWinsOverBearer() {
        let source = find([
            ("Authorization", "Bearer \(Self.headerToken)"),
            ("Cookie", "other=1; MMAUTHTOKEN=\(Self.cookieToken)"),
            ("X-CSRF-Token", "csrf"), ("X-Requested-With", "XMLHttpRequest"),
        ])
        #expect(source == .cookie(token: Self.cookieToken, csrfHeader: "csrf", requestedWith: "XMLHttpRequest"))
    }

    @Test func cookieWithoutCSRFHeaders() {
        #expect(find([("Cookie", "MMAUTHTOKEN=\(Self.cookieToken)")])
            == .cookie(token: Self.cookieToken, csrfHeader: nil, requestedWith: nil))
    }

    @Test(arguments: ["Bearer ", "bearer ", "BEARER ", "BeArEr   ", "Token ", "token ", "TOKEN "])
    func authorizationPrefixes(_ prefix: String) {
        #expect(find([("Authorization", prefix + Self.headerToken)]) == .bearer(Self.headerToken))
    }

    @Test func queryTokenOnlyWhenAllowed() {
        let query: Substring = "a=1&access_token=\(Self.queryToken)&b=2"
        #expect(find([], query: query, allowQuery: true) == .bearer(Self.queryToken))
        #expect(find([], query: query, allowQuery: false) == .none)
        #expect(find([], query: "?access_token=\(Self.queryToken)", allowQuery: true) == .bearer(Self.queryToken))
        #expect(find([("Authorization", "Bearer \(Self.headerToken)")], query: query, allowQuery: true)
            == .bearer(Self.headerToken))
    }

    @Test(arguments: [
        "", "short", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxy", "abcdefghijklmnopqrstuvwxyz0",
        "abcdefghijklm-opqrstuvwxyz", "abcdefghijklm opqrstuvwxyz", "abcdefghijklmnopqrstuvwxy\u{e9}",
    ])
    func garbageTokensAreIgnored(_ garbage: String) {
        #expect(find([("Authorization", "Bearer \(garbage)")]) == .none)
        #expect(find([("Cookie", "MMAUTHTOKEN=\(garbage)")]) == .none)
        #expect(find([], query: Substring("access_token=\(garbage)"), allowQuery: true) == .none)
    }

    @Test func garbageCookieFallsThroughToTheHeader() {
        #expect(find([("Cookie", "MMAUTHTOKEN=junk"), ("Authorization", "Bearer \(Self.headerToken)")])
            == .bearer(Self.headerToken))
    }

    @Test(arguments: ["Basic \(headerToken)", "Bearer", "Bearer\(headerToken)", "Bearertoken \(headerToken)"])
    func otherAuthorizationSchemesAreIgnored(_ value: String) {
        #expect(find([("Authorization", value)]) == .none)
    }

    @Test func nothingGivesNone() {
        #expect(find([("Cookie", "a=b")]) == .none)
    }

    struct CSRFCase: Sendable, CustomStringConvertible {
        var source: TokenSource
        var method: String
        var ok: Bool
        var description: String { "\(method) \(source) → \(ok)" }
    }

    static let session = "sessioncsrfvalue"
    static func cookie(_ csrf: String?, _ requestedWith: String? = nil) -> TokenSource {
        .cookie(token: cookieToken, csrfHeader: csrf, requestedWith: requestedWith)
    }

    static let csrfCases: [CSRFCase] = [
        CSRFCase(source: .bearer(headerToken), method: "POST", ok: true),
        CSRFCase(source: .none, method: "DELETE", ok: true),
        CSRFCase(source: cookie(nil), method: "GET", ok: true),
        CSRFCase(source: cookie(nil), method: "HEAD", ok: true),
        CSRFCase(source: cookie(session), method: "POST", ok: true),
        CSRFCase(source: cookie(session), method: "PUT", ok: true),
        CSRFCase(source: cookie(session), method: "DELETE", ok: true),
        CSRFCase(source: cookie(nil), method: "POST", ok: false),
        CSRFCase(source: cookie(nil, "XMLHttpRequest"), method: "POST", ok: false),
        CSRFCase(source: cookie("", "XMLHttpRequest"), method: "POST", ok: false),
        CSRFCase(source: cookie("sessioncsrfvaluf"), method: "POST", ok: false),
        CSRFCase(source: cookie("sessioncsrfvalue2"), method: "PUT", ok: false),
        CSRFCase(source: cookie("SESSIONCSRFVALUE"), method: "PATCH", ok: false),
        CSRFCase(source: cookie(nil), method: "OPTIONS", ok: false),
    ]

    @Test(arguments: csrfCases)
    func csrf(_ c: CSRFCase) {
        #expect(TokenSource.csrfOK(source: c.source, method: c.method, sessionCSRF: Self.session) == c.ok)
    }

    @Test func emptySessionCSRFNeverMatches() {
        #expect(!TokenSource.csrfOK(source: Self.cookie(""), method: "POST", sessionCSRF: ""))
    }
}
