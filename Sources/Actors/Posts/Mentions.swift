/// What one post mentions, as `MentionParser.parse` finds it. The channel actor bumps `mention_count` for
/// `userIDs`, the `posted` event carries them, and `otherUsernames` feeds the ephemeral "not in channel" notice.
public struct Mentions: Sendable, Equatable {
    /// Mentioned members, sorted and unique; never the post's author (Mattermost never notifies you of your own post).
    public var userIDs: [ID]
    public var usedChannel: Bool
    public var usedAll: Bool
    public var usedHere: Bool
    /// `@names` that reach no member, lowercased, unique and in order of appearance. The special names
    /// `channel`, `all` and `here` are never listed: they are flags above.
    public var otherUsernames: [String]

    public init(userIDs: [ID] = [], usedChannel: Bool = false, usedAll: Bool = false, usedHere: Bool = false,
                otherUsernames: [String] = []) {
        self.userIDs = userIDs
        self.usedChannel = usedChannel
        self.usedAll = usedAll
        self.usedHere = usedHere
        self.otherUsernames = otherUsernames
    }

    /// Whether the post used any of the channel-wide names, which is what the "@channel to N people" warning and
    /// the `ignore_channel_mentions` channel prop care about.
    public var usedChannelWide: Bool { usedChannel || usedAll || usedHere }
}
