import Actors

extension JSONWriter {
    /// Mattermost's Preference. The value is opaque client state and goes back exactly as stored.
    mutating func preference(userID: ID, key preferenceKey: PreferenceKey, value: String) {
        beginObject()
        field("user_id", userID)
        field("category", preferenceKey.category)
        field("name", preferenceKey.name)
        field("value", value)
        endObject()
    }
}
