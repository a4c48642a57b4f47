import Snapshot

extension ChannelActor {
    /// The page the web app opens a channel with: up to `before` posts older than the first unread one and up to
    /// `after` from it on (live posts, newest first), for a member.
    public func unreadPage(for userID: ID, before: Int, after: Int) async throws(ChatError) -> PostPageResult {
        try await observe { (s: ChannelState) throws(ChatError) -> PostPageResult in
            guard let member = s.members[userID] else { throw ChatError.missing("channel member") }
            let entries = s.posts.entries
            let firstUnread = entries.firstIndex { $0.createAt > member.lastViewedAt && $0.deleteAt == 0 } ?? entries.count
            var newer: [Int32] = [], older: [Int32] = []
            var i = firstUnread
            while i < entries.count && newer.count < after { if entries[i].deleteAt == 0 { newer.append(Int32(i)) }; i += 1 }
            let hasNext = (i..<entries.count).contains { entries[$0].deleteAt == 0 }
            var j = firstUnread - 1
            while j >= 0 && older.count < before { if entries[j].deleteAt == 0 { older.append(Int32(j)) }; j -= 1 }
            var result = PostPageResult()
            let picked = newer.reversed() + older
            result.order = picked.map { s.posts.post(at: $0, channelID: id) }
            let onPage = Set(picked)
            var roots: [Int32] = []
            for p in picked { let r = entries[Int(p)].root; if r >= 0, !onPage.contains(r), !roots.contains(r) { roots.append(r) } }
            result.extra = roots.map { s.posts.post(at: $0, channelID: id) }
            result.hasNext = hasNext
            return result
        }
    }
}
