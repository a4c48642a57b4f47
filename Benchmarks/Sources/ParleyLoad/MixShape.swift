/// The shape of a Mattermost-like population: users in teams, many small public and private channels whose sizes
/// follow a heavy-tailed distribution, a few large channels per team (besides town-square and off-topic, which
/// every team member joins), DMs and GMs between random users, and some posts in every channel so reads and
/// scrolls have pages. The defaults are this tool's guess at a mid-sized company, not Mattermost's data.
struct MixShape: Codable, Sendable, Equatable {
    var users: Int
    var teams: Int
    /// Small-channel memberships per user on average.
    var channelsPerUser = 6.0
    /// Small channels have sizeMin...sizeMax members, Pareto-distributed with `sizeShape` (smaller is heavier-tailed).
    var channelSizeMin = 3
    var channelSizeMax = 60
    var channelSizeShape = 1.2
    var privateShare = 0.3
    var largeChannelsPerTeam = 2
    /// Members of a large channel as a share of its team.
    var largeChannelShare = 0.5
    /// A share of users also joins a second team.
    var secondTeamShare = 0.2
    var directsPerUser = 2.0
    var groupsPerUser = 0.3
    var groupSizeMin = 3
    var groupSizeMax = 6
    var postsPerChannel = 5
    var seed: UInt64 = 0x4D4D_2026
}
