import Actors

extension JSONWriter {
    /// Mattermost's PostList. `order` is the page, newest first as given; `posts` holds the page plus
    /// `extra` (the thread roots of replies on the page, so clients can show "Commented on…"), each once.
    mutating func postList(
        order: [Post], extra: [Post], prevPostID: String = "", nextPostID: String = "", hasNext: Bool = false
    ) {
        beginObject()
        key("order")
        beginArray()
        for p in order { id(p.id) }
        endArray()
        key("posts")
        beginObject()
        var written: Set<ID> = []
        written.reserveCapacity(order.count + extra.count)
        for p in order + extra where written.insert(p.id).inserted {
            key(p.id.description)
            post(p)
        }
        endObject()
        field("next_post_id", nextPostID)
        field("prev_post_id", prevPostID)
        field("has_next", hasNext)
        endObject()
    }
}
