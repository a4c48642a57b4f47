import Testing
@testable import Server

@Suite struct CookiesTests {
    struct ParseCase: Sendable, CustomStringConvertible {
        var headers: [String]
        var expected: [String: String]
        var description: String { headers.joined(separator: " | ") }
    }

    static let parseCases: [ParseCase] = [
        ParseCase(headers: ["a=b"], expected: ["a": "b"]),
        ParseCase(headers: ["a=b; c=d"], expected: ["a": "b", "c": "d"]),
        ParseCase(headers: ["  a = b ;c=d  ;  "], expected: ["a": "b", "c": "d"]),
        ParseCase(headers: ["a=first; a=second"], expected: ["a": "first"]),
        ParseCase(headers: ["a=first", "a=second; b=2"], expected: ["a": "first", "b": "2"]),
        ParseCase(headers: ["a=\"quoted\""], expected: ["a": "quoted"]),
        ParseCase(headers: ["a=\"\""], expected: ["a": ""]),
        ParseCase(headers: ["a="], expected: ["a": ""]),
        ParseCase(headers: ["a=\"unterminated"], expected: [:]),
        ParseCase(headers: ["novalue; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["=nameless; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["bad name=1; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["a=has space; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["a=x,y; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["a=back\\slash; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["a=caf\u{e9}; b=2"], expected: ["b": "2"]),
        ParseCase(headers: ["a=b=c"], expected: ["a": "b=c"]),
        ParseCase(headers: ["MMAUTHTOKEN=abc; MMCSRF=def"], expected: ["MMAUTHTOKEN": "abc", "MMCSRF": "def"]),
        ParseCase(headers: [";;;"], expected: [:]),
        ParseCase(headers: [], expected: [:]),
    ]

    @Test(arguments: parseCases)
    func parse(_ c: ParseCase) {
        #expect(Cookies.parse(c.headers) == c.expected)
    }

    @Test func parseIsBoundedTo64Cookies() {
        let many = (0..<100).map { "c\($0)=\($0)" }.joined(separator: "; ")
        let cookies = Cookies.parse([many + "; MMAUTHTOKEN=late"])
        #expect(cookies.count == Cookies.cookiesMax)
        #expect(cookies["c63"] == "63")
        #expect(cookies["c64"] == nil)
        #expect(cookies["MMAUTHTOKEN"] == nil)
    }

    @Test func sessionCookiesOverTLS() {
        let values = Cookies.sessionCookies(
            token: "tok", userID: "uid", csrf: "csrf", maxAgeSeconds: 2_592_000, secure: true)
        #expect(values == [
            "MMAUTHTOKEN=tok; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure",
            "MMUSERID=uid; Path=/; Max-Age=2592000; SameSite=Lax; Secure",
            "MMCSRF=csrf; Path=/; Max-Age=2592000; SameSite=Lax; Secure",
        ])
    }

    @Test func sessionCookiesOverPlainHTTP() {
        let values = Cookies.sessionCookies(token: "tok", userID: "uid", csrf: "csrf", maxAgeSeconds: 60, secure: false)
        #expect(values == [
            "MMAUTHTOKEN=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
            "MMUSERID=uid; Path=/; Max-Age=60; SameSite=Lax",
            "MMCSRF=csrf; Path=/; Max-Age=60; SameSite=Lax",
        ])
        #expect(values.allSatisfy { !$0.contains("Secure") })
    }

    @Test func clearingCookies() {
        #expect(Cookies.clearing(secure: false) == [
            "MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
            "MMUSERID=; Path=/; Max-Age=0; SameSite=Lax",
            "MMCSRF=; Path=/; Max-Age=0; SameSite=Lax",
        ])
        #expect(Cookies.clearing(secure: true).allSatisfy { $0.hasSuffix("; Secure") })
    }

    @Test func builtCookiesParseBack() {
        let values = Cookies.sessionCookies(token: "t1", userID: "u1", csrf: "c1", maxAgeSeconds: 5, secure: true)
        // A browser sends back only the name=value part of each Set-Cookie.
        let header = values.map { String($0.prefix { $0 != ";" }) }.joined(separator: "; ")
        #expect(Cookies.parse([header]) == ["MMAUTHTOKEN": "t1", "MMUSERID": "u1", "MMCSRF": "c1"])
    }
}
