import Actors
import Net

/// Server's routes: Mattermost paths matched segment by segment, each to a handler that runs on the loop thread
/// (quick answers) or hops to the owning actor (mutations) and responds later.
struct Router: HTTPHandler {
    typealias Handler = @Sendable (RouteContext) -> Void

    struct Route: Sendable {
        var method: String
        var segments: [Segment]
        var bodyBytesMax: Int
        var handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var trie = RouteTrie()   // built before the router is shared; read-only afterwards
    let defaultBodyBytesMax: Int
    /// Answers the paths no route has, outside `/api/`; set before the router is shared.
    var webClient: WebClient?

    init(defaultBodyBytesMax: Int) {
        self.defaultBodyBytesMax = defaultBodyBytesMax
    }

    /// Adds a route; `path` uses `{name}` for parameters, e.g. `/api/v4/users/{user_id}`.
    mutating func add(_ method: String, _ path: String, bodyBytesMax: Int? = nil, _ handler: @escaping Handler) {
        let segments = path.split(separator: "/").map { s -> Segment in
            s.hasPrefix("{") && s.hasSuffix("}") ? .parameter(String(s.dropFirst().dropLast())) : .literal(String(s))
        }
        trie.insert(Route(method: method, segments: segments, bodyBytesMax: bodyBytesMax ?? defaultBodyBytesMax,
                          handler: handler))
    }

    enum Match {
        case found(Route, [String: String])
        case wrongMethod
        case none
    }

    /// HEAD is answered by the GET route (the network layer leaves the body out).
    func match(method: String, path: Substring) -> Match {
        trie.match(method: method, path: path)
    }

    func bodyLimit(for head: HTTPRequestHead) -> Int {
        if case .found(let route, _) = match(method: head.method, path: Substring(head.path)) {
            return route.bodyBytesMax
        }
        return defaultBodyBytesMax
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let requestID = MattermostID.fast()
        switch match(method: request.head.method, path: Substring(request.head.path)) {
        case .found(let route, let params):
            route.handler(RouteContext(request: request, parameters: params, requestID: requestID, responder: responder))
        case .wrongMethod:
            responder.respond(AppError.methodNotAllowed().response(requestID: requestID))
        case .none:
            // Only here, after the trie found nothing, so API requests pay nothing for the web client.
            if let webClient, let response = webClient.response(to: request.head, requestID: requestID) {
                responder.respond(response)
            } else {
                responder.respond(AppError.notFound().response(requestID: requestID))
            }
        }
    }
}

/// One request as a route handler sees it.
struct RouteContext: Sendable {
    var request: HTTPRequest
    var parameters: [String: String]
    var requestID: String
    var responder: HTTPResponder

    /// Query parameter value (first occurrence), percent-decoded.
    func query(_ name: String) -> String? {
        guard let q = request.head.query else { return nil }
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv.first.map(String.init)?.removingPercentEncoding == name {
                return kv.count > 1 ? String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            }
        }
        return nil
    }

    /// Answers with JSON and the headers every Mattermost response carries.
    func respondJSON(_ status: Int, _ body: [UInt8]) {
        var r = HTTPResponse.json(status, body)
        r.headers.add(name: "X-Request-Id", value: requestID)
        r.headers.add(name: "X-Version-Id", value: ServerHeaders.versionID)
        responder.respond(r)
    }

    func respond(_ error: AppError) {
        responder.respond(error.response(requestID: requestID))
    }
}
