/// Paging over a channel's posts the way `GET /channels/{id}/posts` defines it.
extension PostStore {
    static let sinceResultsMax = 1000

    func page(_ page: PostPage, channelID: ID) -> PostPageResult {
        var picked: [Int32] = []
        var result = PostPageResult()
        let live = { (i: Int) in entries[i].deleteAt == 0 }
        switch page {
        case .latest(let p, let perPage):
            picked = newestLive(before: entries.count, skip: max(0, p) * perPage, take: perPage, live: live)
            result.hasNext = false
        case .before(let anchor, let p, let perPage):
            guard let a = slot(of: anchor) else { return result }
            picked = newestLive(before: Int(a), skip: max(0, p) * perPage, take: perPage, live: live)
            result.nextPostID = anchor.description
        case .after(let anchor, let p, let perPage):
            guard let a = slot(of: anchor) else { return result }
            var ascending: [Int32] = []
            var skipped = 0
            var i = Int(a) + 1
            while i < entries.count && ascending.count < perPage {
                if live(i) { if skipped < max(0, p) * perPage { skipped += 1 } else { ascending.append(Int32(i)) } }
                i += 1
            }
            picked = ascending.reversed()
            result.prevPostID = anchor.description
            result.hasNext = (i..<entries.count).contains { live($0) }
        case .since(let time):
            // Everything created or changed after `time`, deleted posts included (mobile sync), newest first.
            for i in entries.indices.reversed() where entries[i].updateAt > time || entries[i].createAt > time {
                picked.append(Int32(i))
                if picked.count == Self.sinceResultsMax { break }
            }
        }
        result.order = picked.map { post(at: $0, channelID: channelID) }
        let onPage = Set(picked)
        var roots: [Int32] = []
        for i in picked {
            let r = entries[Int(i)].root
            if r >= 0, !onPage.contains(r), !roots.contains(r) { roots.append(r) }
        }
        result.extra = roots.map { post(at: $0, channelID: channelID) }
        if let oldest = picked.last, case .latest = page {
            result.prevPostID = (0..<Int(oldest)).reversed().first(where: live).map { entries[$0].id.description } ?? ""
        }
        return result
    }

    private func newestLive(before end: Int, skip: Int, take: Int, live: (Int) -> Bool) -> [Int32] {
        var out: [Int32] = []
        var skipped = 0
        var i = end - 1
        while i >= 0 && out.count < take {
            if live(i) { if skipped < skip { skipped += 1 } else { out.append(Int32(i)) } }
            i -= 1
        }
        return out
    }
}
