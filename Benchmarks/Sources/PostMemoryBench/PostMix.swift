/// The shape of the workload: a Mattermost-like installation where one busy channel (a company-wide town square)
/// holds half of all posts and a thousand smaller channels share the other half. Every figure is a named constant
/// so the README can quote them and a change shows up in review.
struct PostMix: Sendable {
    /// Total posts; `POSTS=...` overrides it.
    var posts: Int
    /// The seed of every random choice, so Parley and the Redis peer receive the very same posts.
    var seed: UInt64

    static let postsDefault = 10_000_000
    static let seedDefault: UInt64 = 0x5EED_2026
    /// Every `bigChannelEvery`-th post goes to the big channel (2: exactly half of them).
    static let bigChannelEvery = 2
    static let smallChannels = 1_000
    static let users = 20_000
    static let bigChannelMembers = 5_000
    static let smallChannelMembers = 40
    static let messageBytesMin = 20
    static let messageBytesMax = 300
    static let replyPercent = 10
    static let reactionPercent = 2
    static let mentionPercent = 5
    /// Replies answer one of the last `recentRootsMax` thread roots of their channel, as conversations do.
    static let recentRootsMax = 32
    /// The first post's `create_at` (2026-01-01, in milliseconds); each post is one millisecond after the last.
    static let firstCreateAtMillis: Int64 = 1_767_225_600_000
    static let emojis = ["+1", "heart", "smile", "tada", "eyes", "white_check_mark"]

    var channelCount: Int { PostMix.smallChannels + 1 }

    /// Members of channel `c` as indexes into the user table: the big channel (0) has the first
    /// `bigChannelMembers` users, small channel c a window of `smallChannelMembers` users that moves with c.
    static func member(_ k: Int, of channel: Int) -> Int {
        channel == 0 ? k : (channel * 7_919 + k * 13) % users
    }

    static func memberCount(of channel: Int) -> Int {
        channel == 0 ? bigChannelMembers : smallChannelMembers
    }

    /// A message length in 20…300 bytes, skewed towards short messages as chat is: 20 + 280·u² for uniform u,
    /// which gives a mean of about 113 bytes and a median of about 90.
    static func messageBytes(uniform u: Double) -> Int {
        messageBytesMin + Int(Double(messageBytesMax - messageBytesMin) * u * u)
    }
}
