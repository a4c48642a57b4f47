/// A login: the bearer token, its CSRF value for cookie requests, and when it ends.
public struct Session: Sendable, Equatable {
    public var id: ID
    public var token: String
    public var userID: ID
    public var createAt: Int64
    public var expiresAt: Int64
    public var lastActivityAt: Int64
    public var deviceID: String = ""
    public var csrfToken: String
    public var props: [String: String] = [:]

    public init(id: ID, token: String, userID: ID, createAt: Int64, expiresAt: Int64, csrfToken: String) {
        self.id = id
        self.token = token
        self.userID = userID
        self.createAt = createAt
        self.expiresAt = expiresAt
        self.lastActivityAt = createAt
        self.csrfToken = csrfToken
    }

    public func isExpired(now: Int64) -> Bool { expiresAt != 0 && now >= expiresAt }
}
