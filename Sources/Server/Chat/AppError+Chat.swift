import Actors

extension AppError {
    /// The domain's errors in Mattermost's shape: the kind decides the status, the id and message pass through.
    init(_ chat: ChatError) {
        let status: Int
        switch chat.kind {
        case .badRequest: status = 400
        case .unauthorized: status = 401
        case .forbidden: status = 403
        case .notFound: status = 404
        case .tooLarge: status = 413
        case .tooManyRequests: status = 429
        case .notImplemented: status = 501
        case .unavailable: status = 503
        case .corrupt: status = 500
        }
        self.init(id: chat.id, message: chat.message, statusCode: status)
    }

    static func invalidParam(_ name: String) -> AppError {
        AppError(id: "api.context.invalid_param.app_error", message: "Invalid or missing \(name) parameter.", statusCode: 400)
    }

    static func invalidBody(_ name: String) -> AppError {
        AppError(id: "api.context.invalid_body_param.app_error", message: "Invalid or missing \(name) in request body.",
                 statusCode: 400)
    }

    static let sessionExpired = AppError(ChatError.sessionExpired)

    static func permission(_ what: String = "") -> AppError { AppError(ChatError.permission(what)) }

    /// What an id that names nothing the caller may see answers, the same as the channel policy's refusal to
    /// an outsider, so a missing object and a forbidden one cannot be told apart (A1).
    static let unseen = permission("read_channel")

    static func notImplemented(_ id: String, _ message: String) -> AppError {
        AppError(id: id, message: message, statusCode: 501)
    }
}
