import Foundation
import Net
import Testing
@testable import Server

@Suite struct WebClientTests {
    static let index = WebAsset(path: "index.html", bytes: Array("<!doctype html><div id=\"app\"></div>".utf8))
    static let script = WebAsset(path: "static/js/dom.js", bytes: Array("export const x = 1;\n".utf8))
    static let client = WebClient(assets: [
        index, script,
        WebAsset(path: "static/css/app.css", bytes: Array("body {}\n".utf8)),
        WebAsset(path: "static/i18n/en.json", bytes: Array("{}".utf8)),
        WebAsset(path: "static/favicon.svg", bytes: Array("<svg/>".utf8)),
        WebAsset(path: "static/img/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47]),
        WebAsset(path: "notes.txt", bytes: Array("outside static/: never served".utf8)),
    ])

    static func get(_ target: String, method: String = "GET", _ headers: [(String, String)] = []) -> HTTPResponse? {
        client.response(to: HTTPRequestHead(method: method, target: target, headers: HTTPHeaders(headers)),
                        requestID: "abcdefghijklmnopqrstuvwxyz")
    }

    static func body(_ r: HTTPResponse?) -> [UInt8] {
        guard case .bytes(let bytes)? = r?.body else { return [] }
        return bytes
    }

    static func expectSecurityHeaders(_ r: HTTPResponse?, _ comment: Comment? = nil) {
        #expect(r?.headers["Content-Security-Policy"] == "default-src 'self'", comment)
        #expect(r?.headers["X-Content-Type-Options"] == "nosniff", comment)
        #expect(r?.headers["X-Frame-Options"] == "SAMEORIGIN", comment)
        #expect(r?.headers["Referrer-Policy"] == "same-origin", comment)
    }

    /// A Mattermost AppError with the given status.
    static func expectAppError(_ r: HTTPResponse?, _ status: Int, _ comment: Comment? = nil) throws {
        #expect(r?.status == status, comment)
        #expect(r?.headers["Content-Type"] == "application/json", comment)
        let object = try JSONSerialization.jsonObject(with: Data(body(r))) as? [String: Any]
        #expect(object?["status_code"] as? Int == status, comment)
        #expect(object?["request_id"] as? String == "abcdefghijklmnopqrstuvwxyz", comment)
        #expect(Set(object?.keys.map { $0 } ?? []) == ["id", "message", "detailed_error", "request_id", "status_code"],
                comment)
    }

    @Test(arguments: [
        ("/static/js/dom.js", "text/javascript; charset=utf-8"),
        ("/static/css/app.css", "text/css; charset=utf-8"),
        ("/static/i18n/en.json", "application/json; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/static/img/logo.png", "image/png"),
    ])
    func assetsHaveTheirContentType(_ target: String, _ type: String) {
        let r = Self.get(target)
        #expect(r?.status == 200)
        #expect(r?.headers["Content-Type"] == type)
        #expect(r?.headers["Cache-Control"] == "no-cache")
        Self.expectSecurityHeaders(r)
    }

    @Test func assetBodyAndStrongETag() {
        let r = Self.get("/static/js/dom.js")
        #expect(Self.body(r) == Self.script.bytes)
        let etag = r?.headers["ETag"] ?? ""
        #expect(etag == Self.script.etag)
        #expect(etag.count == 18 && etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"))
        let changed = WebAsset(path: "static/js/dom.js", bytes: Array("export const x = 2;\n".utf8))
        #expect(changed.etag != Self.script.etag, "the ETag follows the bytes")
    }

    @Test(arguments: [WebClientTests.script.etag, "W/" + WebClientTests.script.etag,
                      "\"other\", " + WebClientTests.script.etag, "*"])
    func matchingIfNoneMatchIs304WithoutBody(_ ifNoneMatch: String) {
        for method in ["GET", "HEAD"] {
            let r = Self.get("/static/js/dom.js", method: method, [("If-None-Match", ifNoneMatch)])
            #expect(r?.status == 304)
            #expect(r?.body == .empty)
            #expect(r?.headers["ETag"] == Self.script.etag)
            #expect(r?.headers["Cache-Control"] == "no-cache")
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func otherIfNoneMatchIs200() {
        let r = Self.get("/static/js/dom.js", [("If-None-Match", "\"0123456789abcdef\"")])
        #expect(r?.status == 200)
        #expect(Self.body(r) == Self.script.bytes)
    }

    @Test func indexETagRoundTrips() {
        let first = Self.get("/")
        #expect(first?.status == 200)
        let again = Self.get("/acme/channels/town-square", [("If-None-Match", first?.headers["ETag"] ?? "")])
        #expect(again?.status == 304)
        Self.expectSecurityHeaders(again)
    }

    @Test(arguments: [
        "/static/nope.js", "/static/js", "/static/js/", "/static/", "/static", "/static//js/dom.js",
        "/static/js/./dom.js", "/static/js/../js/dom.js", "/static/../index.html", "/static/%2e%2e/index.html",
        "/static/js/%2e%2e/%2e%2e/index.html", "/static/%2E%2E%2Findex.html", "/static/..%2f..%2fetc%2fpasswd",
        "/static/js%2fdom.js/..", "/static/js/dom.js%00", "/static/js\\dom.js", "/static/%5c..%5cindex.html",
        "/static/notes.txt", "/static/../notes.txt", "/static/%zz", "/static/index.html",
    ])
    func unknownFoldersAndTraversalAre404(_ target: String) throws {
        let r = Self.get(target)
        try Self.expectAppError(r, 404, "\(target)")
        Self.expectSecurityHeaders(r, "\(target)")
    }

    @Test func encodedNamesOfRealFilesAreServed() {
        #expect(Self.body(Self.get("/static/js/%64om.js")) == Self.script.bytes)
        #expect(Self.body(Self.get("//static/js/dom.js")) == Self.script.bytes)
    }

    @Test(arguments: [
        "/", "/login", "/signup_user_complete/?id=x", "/select_team", "/create_team", "/acme/channels/town-square",
        "/acme/pl/abcdefghijklmnopqrstuvwxyz", "/acme/messages/@alice", "/admin_console/users", "/index.html",
        "/staticky", "/apiary", "/../../etc/passwd",
    ])
    func clientRoutesGetIndex(_ target: String) {
        for method in ["GET", "HEAD"] {
            let r = Self.get(target, method: method)
            #expect(r?.status == 200, "\(method) \(target)")
            #expect(r?.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(r?.headers["Cache-Control"] == "no-cache")
            #expect(Self.body(r) == Self.index.bytes, "HEAD's body is left out by the network layer, not here")
            Self.expectSecurityHeaders(r)
        }
    }

    @Test(arguments: ["/api/v4/nope", "/api", "/api/", "//api/v4/nope", "/api/v4/system/pong?x=1"])
    func apiPathsAreLeftToTheRouter(_ target: String) {
        for method in ["GET", "HEAD", "POST", "DELETE"] {
            #expect(Self.get(target, method: method) == nil, "\(method) \(target)")
        }
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    func otherMethodsOnWebPathsAre405(_ method: String) throws {
        for target in ["/", "/login", "/static/js/dom.js", "/static/nope.js"] {
            let r = Self.get(target, method: method)
            try Self.expectAppError(r, 405, "\(method) \(target)")
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func firstSegmentSkipsEmptySegments() {
        #expect(WebClient.firstSegment("/api/v4") == "api")
        #expect(WebClient.firstSegment("///static/x") == "static")
        #expect(WebClient.firstSegment("/") == "")
        #expect(WebClient.firstSegment("") == "")
    }
}
