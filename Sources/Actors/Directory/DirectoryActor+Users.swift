import Snapshot

/// Accounts: sign-up, profile changes, roles, activation.
extension DirectoryActor {
    /// Free-form maps (props, notify props, timezone) are small on purpose (A11).
    static let mapEntriesMax = 50
    static let mapValueBytesMax = 4096

    /// Creates an account. The first account of an empty server becomes a system admin and may always sign up;
    /// others need open sign-up, a valid invite (`invited`) or an admin caller.
    public func createUser(_ draft: UserDraft, invited: Bool, by caller: Caller?) async throws(ChatError) -> User {
        let username = NameRules.normalizeUsername(draft.username)
        let email = draft.email.lowercased().trimmingSpaces
        if let e = NameRules.username(username) { throw e }
        if let e = NameRules.email(email) { throw e }
        try Self.checkProfile(first: draft.firstName, last: draft.lastName, nickname: draft.nickname, position: draft.position)
        try Self.checkMap(draft.props, "props")
        try Self.checkMap(draft.notifyProps, "notify_props")
        let settings = runtime.settings.current
        let now = runtime.clock.nowMillis()
        let id = ID.fast()
        return try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            let first = !s.hasUsers
            let admin = caller?.isSystemAdmin ?? false
            if !first && !admin {
                guard settings.enableUserCreation else {
                    throw ChatError(.forbidden, id: "api.user.create_user.disabled.app_error", "User creation is disabled.")
                }
                guard settings.enableOpenServer || invited else {
                    throw ChatError(.forbidden, id: "api.user.create_user.no_open_server",
                                    "This server does not allow open signups. Please speak with your administrator to receive an invitation.")
                }
            }
            guard s.userByName[username] == nil else {
                throw ChatError(.badRequest, id: "app.user.save.username_exists.app_error", "An account with that username already exists.")
            }
            guard s.userByEmail[email] == nil else {
                throw ChatError(.badRequest, id: "app.user.save.email_exists.app_error", "An account with that email already exists.")
            }
            var user = User(id: id, createAt: now, username: username, email: email,
                            roles: first ? "system_admin system_user" : "system_user", passwordPHC: draft.passwordPHC)
            user.firstName = draft.firstName
            user.lastName = draft.lastName
            user.nickname = draft.nickname
            user.position = draft.position
            user.locale = draft.locale.isEmpty ? "en" : draft.locale
            user.props = draft.props
            user.notifyProps.merge(draft.notifyProps) { _, new in new }
            return UserCreated(user: user)
        }, result: { (s: DirectoryState) throws(ChatError) -> User in s.users[id]! })
    }

    /// `PUT /users/{id}/patch`: the user themself or someone with `edit_other_users` (system admins).
    public func patchUser(_ id: ID, _ patch: UserPatch, by caller: Caller) async throws(ChatError) -> User {
        guard caller.userID == id || caller.isSystemAdmin else { throw ChatError.permission("edit_other_users") }
        let now = runtime.clock.nowMillis()
        let username = patch.username.map(NameRules.normalizeUsername)
        let email = patch.email.map { $0.lowercased().trimmingSpaces }
        if let username, let e = NameRules.username(username) { throw e }
        if let email, let e = NameRules.email(email) { throw e }
        try Self.checkProfile(first: patch.firstName ?? "", last: patch.lastName ?? "", nickname: patch.nickname ?? "",
                              position: patch.position ?? "")
        for (map, name) in [(patch.props, "props"), (patch.notifyProps, "notify_props"), (patch.timezone, "timezone")] {
            if let map { try Self.checkMap(map, name) }
        }
        return try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard var user = s.users[id] else { throw ChatError.missing("user") }
            if let username, username != user.username {
                guard s.userByName[username] == nil else {
                    throw ChatError(.badRequest, id: "app.user.save.username_exists.app_error", "An account with that username already exists.")
                }
                user.username = username
            }
            if let email, email != user.email {
                guard s.userByEmail[email] == nil else {
                    throw ChatError(.badRequest, id: "app.user.save.email_exists.app_error", "An account with that email already exists.")
                }
                user.email = email
            }
            if let v = patch.nickname { user.nickname = v }
            if let v = patch.firstName { user.firstName = v }
            if let v = patch.lastName { user.lastName = v }
            if let v = patch.position { user.position = v }
            if let v = patch.locale, !v.isEmpty { user.locale = String(v.prefix(5)) }
            if let v = patch.props { user.props = v }
            if let v = patch.notifyProps { user.notifyProps.merge(v) { _, new in new } }
            if let v = patch.timezone { user.timezone.merge(v) { _, new in new } }
            user.updateAt = now
            return UserUpdated(user: user)
        }, result: { (s: DirectoryState) throws(ChatError) -> User in s.users[id]! })
    }

    /// `PUT /users/{id}/roles` (system admins only): `system_user` must stay; `system_admin` is the only other.
    public func setSystemRoles(_ id: ID, roles: String, by caller: Caller) async throws(ChatError) -> User {
        guard caller.isSystemAdmin else { throw ChatError.permission("manage_roles") }
        let list = roles.split(separator: " ").map(String.init)
        guard list.contains("system_user"), list.allSatisfy({ $0 == "system_user" || $0 == "system_admin" }) else {
            throw ChatError(.badRequest, id: "api.context.invalid_body_param.app_error",
                            "Invalid roles: \"system_user\" is required and only \"system_admin\" may be added.")
        }
        let normalized = list.contains("system_admin") ? "system_admin system_user" : "system_user"
        return try await updateUser(id) { user in user.roles = normalized }
    }

    /// Deactivation revokes every session in the same record; reactivation only clears `delete_at`.
    public func setActive(_ id: ID, active: Bool, by caller: Caller) async throws(ChatError) -> User {
        let selfDeactivation = caller.userID == id && !active && runtime.settings.current.enableUserDeactivation
        guard caller.isSystemAdmin || selfDeactivation else { throw ChatError.permission("manage_system") }
        let now = runtime.clock.nowMillis()
        return try await updateUser(id) { user in
            user.deleteAt = active ? 0 : now
            user.updateAt = now
        }
    }

    /// A new password hash (Server verified the current one on its pool); every other session ends.
    public func setPassword(_ id: ID, phc: String, keepingSession token: String) async throws(ChatError) {
        let now = runtime.clock.nowMillis()
        _ = try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard var user = s.users[id] else { throw ChatError.missing("user") }
            user.passwordPHC = phc
            user.lastPasswordUpdate = now
            user.updateAt = now
            let others = (s.sessionTokens[id] ?? []).filter { $0 != token }.sorted()
            return PasswordChanged(user: user, revokedTokens: others)
        }, result: { _ throws(ChatError) in () })
    }

    private func updateUser(_ id: ID, _ change: @Sendable (inout User) -> Void) async throws(ChatError) -> User {
        try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard var user = s.users[id] else { throw ChatError.missing("user") }
            change(&user)
            return UserUpdated(user: user)
        }, result: { (s: DirectoryState) throws(ChatError) -> User in s.users[id]! })
    }

    static func checkProfile(first: String, last: String, nickname: String, position: String) throws(ChatError) {
        if let e = NameRules.firstName(first) ?? NameRules.lastName(last) ?? NameRules.nickname(nickname)
            ?? NameRules.position(position) { throw e }
    }

    static func checkMap(_ map: [String: String], _ name: String) throws(ChatError) {
        guard map.count <= mapEntriesMax,
              map.allSatisfy({ $0.key.utf8.count <= 64 && $0.value.utf8.count <= mapValueBytesMax }) else {
            throw ChatError(.badRequest, id: "api.context.invalid_body_param.app_error",
                            "\(name) is too large (at most \(mapEntriesMax) entries of \(mapValueBytesMax) bytes).")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
