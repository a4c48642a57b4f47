import Actors
import Foundation
import Net

/// Mattermost's error shape, built in exactly one place:
/// `{"id","message","detailed_error","request_id","status_code"}` with the same request id in `X-Request-Id`.
struct AppError: Error, Sendable {
    var id: String
    var message: String
    var detailedError = ""
    var statusCode: Int

    init(id: String, message: String, detailedError: String = "", statusCode: Int) {
        self.id = id
        self.message = message
        self.detailedError = detailedError
        self.statusCode = statusCode
    }

    func response(requestID: String = MattermostID.fast()) -> HTTPResponse {
        let body: [String: Any] = [
            "id": id, "message": message, "detailed_error": detailedError,
            "request_id": requestID, "status_code": statusCode,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var r = HTTPResponse.json(statusCode, [UInt8](data))
        r.headers.add(name: "X-Request-Id", value: requestID)
        r.headers.add(name: "X-Version-Id", value: ServerHeaders.versionID)
        return r
    }

    /// What the network layer uses for the errors it answers itself (malformed, too large, too slow).
    static let render: HTTPErrorRenderer = { status, message in
        let id: String
        switch status {
        case 413: id = "api.context.request_body_too_large.app_error"
        case 414: id = "api.context.url_too_long.app_error"
        case 431: id = "api.context.headers_too_large.app_error"
        case 408: id = "api.context.request_timeout.app_error"
        case 503: id = "api.context.server_busy.app_error"
        default: id = "api.context.invalid_request.app_error"
        }
        // detailed_error stays empty outside developer mode, as Mattermost does.
        _ = message
        return AppError(id: id, message: netMessage(status), statusCode: status).response()
    }

    private static func netMessage(_ status: Int) -> String {
        switch status {
        case 408: "The request took too long to arrive."
        case 413: "The request body is too large."
        case 414: "The request URL is too long."
        case 431: "The request headers are too large."
        case 501: "The request uses a transfer coding the server does not support."
        case 505: "The HTTP version is not supported."
        default: "The request could not be understood."
        }
    }

    static func notFound() -> AppError {
        AppError(id: "api.context.404.app_error", message: "Sorry, we could not find the page.", statusCode: 404)
    }

    static func methodNotAllowed() -> AppError {
        AppError(id: "api.context.405.app_error", message: "The method is not allowed for this resource.", statusCode: 405)
    }
}

enum ServerHeaders {
    /// `<version>.<build>.<client-config-hash>.<isEnterprise>` as Mattermost sends it.
    static let versionID = "\(ParleyVersion.mattermostCompatible).\(ParleyVersion.build).parley.false"
}
