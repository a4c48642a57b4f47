import Actors

extension JSONWriter {
    /// Mattermost's Role: the permission list is exactly what `PermissionEvaluator` reads.
    mutating func role(_ r: Role) {
        beginObject()
        field("id", r.id)
        field("name", r.name)
        field("display_name", r.displayName)
        field("description", r.description)
        key("permissions"); beginArray(); for p in r.permissions { string(p) }; endArray()
        field("scheme_managed", r.schemeManaged)
        field("built_in", r.builtIn)
        field("create_at", r.createAt)
        field("update_at", r.updateAt)
        field("delete_at", r.deleteAt)
        endObject()
    }
}
