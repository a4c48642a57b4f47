/// What sign-up (or an admin creating an account) supplies. The password arrives already hashed: hashing runs on
/// Server's worker pool, never inside an actor.
public struct UserDraft: Sendable {
    public var username: String
    public var email: String
    public var passwordPHC: String
    public var firstName = ""
    public var lastName = ""
    public var nickname = ""
    public var position = ""
    public var locale = "en"
    public var notifyProps: [String: String] = [:]
    public var props: [String: String] = [:]

    public init(username: String, email: String, passwordPHC: String) {
        self.username = username
        self.email = email
        self.passwordPHC = passwordPHC
    }
}

/// The fields `PUT /users/{id}/patch` may change; nil leaves a field as it is. Roles, ids, timestamps, auth
/// fields and `delete_at` are not here on purpose (mass assignment, A9).
public struct UserPatch: Sendable {
    public var username: String?
    public var email: String?
    public var nickname: String?
    public var firstName: String?
    public var lastName: String?
    public var position: String?
    public var locale: String?
    public var props: [String: String]?
    public var notifyProps: [String: String]?
    public var timezone: [String: String]?

    public init() {}
}
