import Actors
import Net

/// What a chat route answers: JSON with a status, plus any extra headers (login's `Token`, cookies).
struct Reply: Sendable {
    var status: Int
    var body: [UInt8]
    var headers: [(String, String)] = []
    var contentType = "application/json"

    static func json(_ status: Int = 200, _ write: (inout JSONWriter) -> Void) -> Reply {
        var w = JSONWriter()
        write(&w)
        return Reply(status: status, body: w.bytes)
    }

    /// `{"status":"OK"}`, Mattermost's empty success.
    static let ok = Reply(status: 200, body: Array(#"{"status":"OK"}"#.utf8))
}

extension RouteContext {
    /// Runs an async route body in a task and answers with its reply, or with its error in Mattermost's shape.
    /// Every failure ends in exactly one response.
    func run(_ body: @escaping @Sendable (RouteContext) async throws -> Reply) {
        let c = self
        Task {
            do {
                c.send(try await body(c))
            } catch let e as AppError {
                c.respond(e)
            } catch let e as ChatError {
                c.respond(AppError(e))
            } catch {
                c.respond(AppError(id: "app.server.internal_error", message: "The server failed to answer.", statusCode: 500))
            }
        }
    }

    func send(_ reply: Reply) {
        var r = HTTPResponse.json(reply.status, reply.body)
        if reply.contentType != "application/json" { r.headers.replaceOrAdd(name: "Content-Type", value: reply.contentType) }
        r.headers.add(name: "X-Request-Id", value: requestID)
        r.headers.add(name: "X-Version-Id", value: ServerHeaders.versionID)
        for (name, value) in reply.headers { r.headers.add(name: name, value: value) }
        responder.respond(r)
    }

    /// The body as JSON; an empty body reads as an empty object (clients send `{}` or nothing).
    func json() throws -> JSONValue {
        if request.body.isEmpty { return .object([:]) }
        return try JSONParser.parse(request.body)
    }

    func jsonObject() throws -> [String: JSONValue] {
        guard let object = try json().object else { throw AppError.invalidBody("object") }
        return object
    }

    /// A path parameter that must be an id; `me` means the caller.
    func idParameter(_ name: String, me: ID? = nil) throws -> ID {
        let text = parameters[name] ?? ""
        if text == "me", let me { return me }
        guard let id = ID(text) else { throw AppError.invalidParam(name) }
        return id
    }

    func intQuery(_ name: String, default value: Int, max: Int = Int.max) -> Int {
        guard let text = query(name), let n = Int(text), n >= 0 else { return value }
        return min(n, max)
    }

    /// Mattermost's paging: `page` from 0 and `per_page` up to 200 (default 60).
    var paging: (page: Int, perPage: Int) {
        (intQuery("page", default: 0, max: 1_000_000), max(1, intQuery("per_page", default: 60, max: 200)))
    }
}
