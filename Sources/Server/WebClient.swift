import Foundation
import Net

/// The web client's answers to requests no route matched. `/static/<path>` is one of the embedded files; any other
/// path outside `/api/` is the single-page app's index.html, whose script reads the address bar (`/login`,
/// `/{team}/channels/{name}`, ...). `/api/` stays the routes' own: nil tells the router to answer its JSON 404.
/// Pure: a request head in, a response out, so tests drive it without sockets.
struct WebClient: Sendable {
    private let assets: [String: WebAsset]   // by URL path, "/static/js/dom.js"; read-only once built
    let index: WebAsset

    /// What every web answer carries, 304s and errors too. The policy allows only this origin's files: no inline
    /// script or style, no eval, no framing by others. Do not widen it.
    static let contentSecurityPolicy = "default-src 'self'"
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Referrer-Policy", "same-origin"),
    ]

    init(assets: [WebAsset]) {
        var byURL: [String: WebAsset] = [:]
        var index: WebAsset?
        for asset in assets {
            if asset.path == "index.html" {
                index = asset
            } else if asset.path.hasPrefix("static/") {
                precondition(byURL["/" + asset.path] == nil, "web asset \(asset.path) packed twice")
                byURL["/" + asset.path] = asset
            }
        }
        guard let index else { preconditionFailure("the web client has no index.html") }
        self.assets = byURL
        self.index = index
    }

    /// The client embedded in this binary; decoding checks every file against what WebPack packed.
    static func embedded() -> WebClient {
        WebClient(assets: PackedWebAssets.all.map(WebAsset.init(packed:)))
    }

    /// The answer to a request no route matched, or nil when the path is the API's.
    func response(to head: HTTPRequestHead, requestID: String) -> HTTPResponse? {
        let first = Self.firstSegment(head.path)
        if first == "api" { return nil }
        guard head.method == "GET" || head.method == "HEAD" else {
            return Self.withSecurityHeaders(AppError.methodNotAllowed().response(requestID: requestID))
        }
        guard first == "static" else { return answer(index, head) }
        guard let key = Self.assetKey(head.path), let asset = assets[key] else {
            return Self.withSecurityHeaders(AppError.notFound().response(requestID: requestID))
        }
        return answer(asset, head)
    }

    /// 200 with the bytes, or 304 when the browser already holds them (If-None-Match names the ETag). Both say
    /// `no-cache`: browsers keep the files but ask each time, so a new build is picked up on the next load.
    private func answer(_ asset: WebAsset, _ head: HTTPRequestHead) -> HTTPResponse {
        var headers = HTTPHeaders(Self.securityHeaders)
        headers.add(name: "Content-Type", value: asset.contentType)
        headers.add(name: "ETag", value: asset.etag)
        headers.add(name: "Cache-Control", value: "no-cache")
        let outcome = HTTPConditional.evaluate(head, etag: asset.etag, totalLength: Int64(asset.bytes.count))
        if outcome == .notModified { return HTTPResponse(status: 304, headers: headers) }
        return HTTPResponse(status: 200, headers: headers, body: .bytes(asset.bytes))
    }

    private static func withSecurityHeaders(_ response: HTTPResponse) -> HTTPResponse {
        var r = response
        for (name, value) in securityHeaders { r.headers.add(name: name, value: value) }
        return r
    }

    /// The path's first non-empty segment: the router ignores empty segments, so `//api/v4/x` is still the API's.
    static func firstSegment(_ path: Substring) -> Substring {
        let rest = path.drop { $0 == "/" }
        return rest.prefix { $0 != "/" }
    }

    /// `/static/<path>` percent-decoded into the key of `assets`, or nil when it could reach outside the folder or
    /// name a folder: no empty, `.` or `..` segment (also when encoded: the check runs after decoding), no
    /// backslash, no NUL. The lookup is in memory, so nothing could be read from disk anyway; this keeps a
    /// traversal attempt a plain 404 rather than whatever the dictionary happens to hold.
    static func assetKey(_ path: Substring) -> String? {
        let rest = path.drop { $0 == "/" }.dropFirst("static".count)
        guard rest.hasPrefix("/"), let decoded = String(rest.dropFirst()).removingPercentEncoding else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            guard !segment.isEmpty, segment != ".", segment != "..",
                  !segment.contains("\\"), !segment.contains("\u{0}")
            else { return nil }
        }
        return "/static/" + decoded
    }
}
