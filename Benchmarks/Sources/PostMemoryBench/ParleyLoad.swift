import Actors
import Snapshot

/// Builds the channels' states the way recovery and the channel actors do: every change is a record applied
/// through the public `apply(_:lsn:)` path (`ChannelCreated`, then `PostCreated` and `ReactionChanged`).
struct ParleyLoad {
    struct Result: Codable {
        var posts = 0
        var replies = 0
        var mentions = 0
        var reactions = 0
        /// UTF-8 bytes of all messages: what the message arenas hold at the least.
        var messageBytes = 0
        /// Time spent in `apply` alone; generating the posts is not counted.
        var applySeconds = 0.0
        var wallSeconds = 0.0
        /// RSS once the channels and their members exist and before the first post: posts are measured from here.
        var residentBytesAfterChannels = 0
        var postsPerSecond: Double { applySeconds > 0 ? Double(posts) / applySeconds : 0 }
    }

    /// Posts generated before they are applied together, so the clock is read once per batch, not per post.
    static let batchPosts = 4_096
    static let progressEveryPosts = 500_000

    let mix: PostMix

    func run() -> (states: [ChannelState], result: Result) {
        var generator = PostGenerator(mix: mix)
        var states = generator.channelIDs.map { ChannelState(id: $0) }
        var lsn: LSN = 0
        for c in states.indices {
            lsn += 1
            states[c].apply(generator.channelCreated(c), lsn: lsn)
        }
        var result = Result()
        result.residentBytesAfterChannels = Measure.residentBytes()
        var batch: [GeneratedPost] = []
        batch.reserveCapacity(ParleyLoad.batchPosts)
        let started = Measure.now()
        var nextProgress = ParleyLoad.progressEveryPosts
        while true {
            batch.removeAll(keepingCapacity: true)
            while batch.count < ParleyLoad.batchPosts, let post = generator.next() { batch.append(post) }
            if batch.isEmpty { break }
            count(batch, into: &result)
            let t0 = Measure.now()
            for post in batch {
                let channelID = generator.channelIDs[post.channel]
                lsn += 1
                states[post.channel].apply(PostCreated(channelID: channelID, post: post.seed), lsn: lsn)
                if let reaction = post.reaction {
                    lsn += 1
                    states[post.channel].apply(ReactionChanged(channelID: channelID, reaction: reaction, added: true), lsn: lsn)
                }
            }
            result.applySeconds += Measure.now() - t0
            if result.posts >= nextProgress {
                nextProgress += ParleyLoad.progressEveryPosts
                Measure.progress("parley: \(Measure.grouped(result.posts)) / \(Measure.grouped(mix.posts)) posts, "
                    + "RSS \(Measure.mib(Measure.residentBytes())), \(Measure.fixed(result.postsPerSecond / 1e6, 2)) M posts/s")
            }
        }
        result.wallSeconds = Measure.now() - started
        let stored = states.reduce(0) { $0 + $1.posts.count }
        precondition(stored == mix.posts, "stored \(stored) posts, generated \(mix.posts)")
        return (states, result)
    }

    private func count(_ batch: [GeneratedPost], into result: inout Result) {
        for post in batch {
            result.posts += 1
            result.messageBytes += post.seed.message.utf8.count
            if post.seed.rootID != nil { result.replies += 1 }
            if !post.seed.mentions.isEmpty { result.mentions += 1 }
            if post.reaction != nil { result.reactions += 1 }
        }
    }
}
