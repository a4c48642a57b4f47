import Snapshot

/// A post search inside one channel: the posts mentioning a user (recent mentions, answered from the mentions
/// stored with each post), and/or posts containing words (all of them, or any with `isOr`).
public struct PostSearch: Sendable {
    public var mentioning: ID?
    public var words: [String] = []
    public var isOr = false
    public var limit = 100

    public init() {}
}

extension ChannelActor {
    public func search(_ q: PostSearch, by caller: Caller) async throws(ChatError) -> [Post] {
        let roles = runtime.roles
        let words = q.words.map { $0.lowercased() }.filter { !$0.isEmpty }
        return try await observe { (s: ChannelState) throws(ChatError) -> [Post] in
            try check(.read, s, caller, roles: roles)
            var out: [Post] = []
            for i in s.posts.entries.indices.reversed() where out.count < q.limit {
                let e = s.posts.entries[i]
                guard e.deleteAt == 0, e.type == PostType.normal.rawValue else { continue }
                let slot = Int32(i)
                let mentioned = q.mentioning.map { s.posts.mentions[slot]?.contains($0) ?? false }
                var wordHit: Bool?
                if !words.isEmpty {
                    let text = s.posts.message(at: slot).lowercased()
                    wordHit = q.isOr ? words.contains { text.contains($0) } : words.allSatisfy { text.contains($0) }
                }
                let hit: Bool
                switch (mentioned, wordHit) {
                case (nil, nil): hit = false
                case (let m?, nil): hit = m
                case (nil, let w?): hit = w
                case (let m?, let w?): hit = q.isOr ? (m || w) : (m && w)
                }
                if hit { out.append(s.posts.post(at: slot, channelID: id)) }
            }
            return out
        }
    }
}
