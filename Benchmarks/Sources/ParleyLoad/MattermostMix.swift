/// Which actions simulated users take, and how often: Mattermost's own agents' proportions, with posts at the
/// published share (README "The Mattermost load model").
enum MattermostMix {
    /// The relative frequencies of Mattermost's agents (mattermost-load-test-ng, the simulative controller's action
    /// list) for the actions this tool performs. Left out, about 9 % of that list's weight together: collapsed-thread
    /// views and reads (Parley has no global threads yet), surveys, searches, profile pop-ups, custom statuses,
    /// sidebar categories, joins, channel creation, full reloads and log-outs.
    static let mattermostWeights: [(MattermostAction, Double)] = [
        (.switchChannel, 6.5219), (.scroll, 1.9873), (.post, 1), (.unreadCheck, 1), (.directMessage, 0.9843),
        (.reconnect, 0.144), (.react, 0.1306), (.viewThread, 0.2841), (.openPermalink, 0.3), (.editPost, 0.04),
        (.deletePost, 0.0049),
    ]

    /// Posts at the published 7.4 % of actions; the other 92.6 % split in `mattermostWeights`' proportions.
    static let shares: [(MattermostAction, Double)] = {
        let postShare = MattermostWorkload<SplitMix64>.postShare
        let others = mattermostWeights.filter { $0.0 != .post }.reduce(0) { $0 + $1.1 }
        return mattermostWeights.map { action, weight in
            (action, action == .post ? postShare : weight / others * (1 - postShare))
        }
    }()
}
