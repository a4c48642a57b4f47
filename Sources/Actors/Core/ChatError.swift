/// The Actors module's one error type. It carries what Mattermost's error body needs (an id in Mattermost's
/// style and a message) plus a kind that Server maps to the HTTP status; Server builds the body in one place.
public struct ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case badRequest        // 400: the input is wrong
        case unauthorized      // 401: no, bad or expired session; wrong credentials
        case forbidden         // 403: a permission is missing
        case notFound          // 404: no such object (or one the caller may not see)
        case tooLarge          // 413
        case tooManyRequests   // 429: lockout back-off
        case notImplemented    // 501: a feature switched off in the configuration
        case unavailable       // 503: the journal is read-only, full or overloaded
        case corrupt           // a record or snapshot section that cannot be decoded
    }

    public var kind: Kind
    public var id: String
    public var message: String

    public init(_ kind: Kind, id: String, _ message: String) {
        self.kind = kind
        self.id = id
        self.message = message
    }

    public var description: String { "\(id): \(message)" }

    public static func corruptRecord(_ reason: String) -> ChatError {
        ChatError(.corrupt, id: "parley.record.corrupt", "A journal record or snapshot section is damaged: \(reason)")
    }

    public static func invalidParam(_ name: String) -> ChatError {
        ChatError(.badRequest, id: "api.context.invalid_param.app_error", "Invalid or missing \(name) parameter.")
    }

    public static func permission(_ what: String = "") -> ChatError {
        ChatError(.forbidden, id: "api.context.permissions.app_error",
                  "You do not have the appropriate permissions." + (what.isEmpty ? "" : " (\(what))"))
    }

    public static func missing(_ object: String) -> ChatError {
        // Ids are dotted words without spaces, and clients match on them, so "channel member" becomes channel_member.
        let word = String(object.map { $0 == " " ? "_" : $0 })
        return ChatError(.notFound, id: "app.\(word).get.app_error", "Unable to find the \(object).")
    }

    public static let sessionExpired = ChatError(.unauthorized, id: "api.context.session_expired.app_error",
                                                 "Invalid or expired session, please login again.")
}
