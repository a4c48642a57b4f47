import Actors

extension JSONWriter {
    /// Mattermost's Session as `GET /users/{id}/sessions` lists it. The token and the CSRF value are
    /// credentials, so both are blanked: a listing must never let one session act as another.
    mutating func session(_ s: Session, roles: String) {
        var props = s.props
        props["csrf"] = ""
        beginObject()
        field("id", s.id)
        field("token", "")
        field("create_at", s.createAt)
        field("expires_at", s.expiresAt)
        field("last_activity_at", s.lastActivityAt)
        field("user_id", s.userID)
        field("device_id", s.deviceID)
        field("roles", roles)
        field("is_oauth", false)
        field("expired_notify", false)
        key("props")
        stringMap(props)
        key("team_members")
        beginArray()
        endArray()
        field("local", false)
        endObject()
    }
}
