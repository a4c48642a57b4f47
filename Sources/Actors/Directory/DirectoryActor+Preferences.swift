import Snapshot

/// Preferences (saved posts are `flagged_post`, favourites `favorite_channel`) and manual statuses.
extension DirectoryActor {
    static let preferencesPerRequestMax = 100
    static let preferencesPerUserMax = 10_000
    static let preferenceValueRunesMax = 20_000

    public func preferences(of userID: ID, category: String? = nil) async throws(ChatError) -> [(key: PreferenceKey, value: String)] {
        try await observe { (s: DirectoryState) throws(ChatError) -> [(key: PreferenceKey, value: String)] in
            (s.preferences[userID] ?? [:]).filter { category == nil || $0.key.category == category }
                .map { (key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
        }
    }

    /// Upserts preferences for the caller (or, for a system admin, anyone).
    public func setPreferences(of userID: ID, _ entries: [(key: PreferenceKey, value: String)], by caller: Caller)
        async throws(ChatError)
    {
        guard caller.userID == userID || caller.isSystemAdmin else { throw ChatError.permission("edit_other_users") }
        try Self.checkPreferences(entries.map(\.key), values: entries.map(\.value))
        try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard s.users[userID] != nil else { throw ChatError.missing("user") }
            guard (s.preferences[userID]?.count ?? 0) + entries.count <= Self.preferencesPerUserMax else {
                throw ChatError(.badRequest, id: "app.preference.save.too_many.app_error", "Too many preferences.")
            }
            return entries.isEmpty ? nil : PreferencesSet(userID: userID, entries: entries)
        }, result: { _ throws(ChatError) in () })
    }

    public func deletePreferences(of userID: ID, _ keys: [PreferenceKey], by caller: Caller) async throws(ChatError) {
        guard caller.userID == userID || caller.isSystemAdmin else { throw ChatError.permission("edit_other_users") }
        try Self.checkPreferences(keys, values: [])
        try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            let present = keys.filter { s.preferences[userID]?[$0] != nil }
            return present.isEmpty ? nil : PreferencesDeleted(userID: userID, keys: present)
        }, result: { _ throws(ChatError) in () })
    }

    static func checkPreferences(_ keys: [PreferenceKey], values: [String]) throws(ChatError) {
        guard keys.count <= preferencesPerRequestMax else {
            throw ChatError(.badRequest, id: "api.preference.too_many.app_error", "At most \(preferencesPerRequestMax) preferences at a time.")
        }
        for k in keys where k.category.isEmpty || k.category.count > 32 || k.name.count > 32 {
            throw ChatError(.badRequest, id: "model.preference.is_valid.category.app_error",
                            "A preference needs a category and name of at most 32 characters.")
        }
        for v in values where v.unicodeScalars.count > preferenceValueRunesMax {
            throw ChatError(.badRequest, id: "model.preference.is_valid.value.app_error",
                            "A preference value may have at most \(preferenceValueRunesMax) characters.")
        }
    }

    // MARK: Statuses

    public static let statusValues: Set<String> = ["online", "away", "dnd", "offline"]

    /// Sets a status by hand; `online` returns the user to automatic tracking (manual = false).
    public func setStatus(of userID: ID, _ status: String, dndEndTime: Int64, by caller: Caller) async throws(ChatError) -> Status {
        guard caller.userID == userID || caller.isSystemAdmin else { throw ChatError.permission("edit_other_users") }
        guard Self.statusValues.contains(status) else {
            throw ChatError(.badRequest, id: "api.status.invalid_status.app_error", "Invalid status: \(status).")
        }
        let now = runtime.clock.nowMillis()
        let stored = try await perform({ (s: DirectoryState) throws(ChatError) -> (any ChatRecord)? in
            guard s.users[userID] != nil else { throw ChatError.missing("user") }
            var value = Status(userID: userID, status: status, manual: status != "online", lastActivityAt: now)
            value.dndEndTime = status == "dnd" ? max(0, dndEndTime) : 0
            return StatusSet(status: value)
        }, result: { (s: DirectoryState) throws(ChatError) -> Status in s.statuses[userID]! })
        runtime.presence.setManual(userID, stored.status)
        return stored
    }

    /// The stored (manual) statuses of these users; Server merges live presence over them.
    public func storedStatuses(_ ids: [ID]) async throws(ChatError) -> [ID: Status] {
        try await observe { (s: DirectoryState) throws(ChatError) -> [ID: Status] in
            var out: [ID: Status] = [:]
            for id in ids { if let st = s.statuses[id] { out[id] = st } }
            return out
        }
    }
}
