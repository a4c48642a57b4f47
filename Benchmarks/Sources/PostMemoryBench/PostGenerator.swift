import Actors

/// One post of the workload: where it goes, what `PostCreated` carries, and the reaction it receives, if any.
struct GeneratedPost {
    var channel: Int
    var seed: PostSeed
    var reaction: Reaction?
}

/// Produces the workload's posts one at a time from `PostMix.seed`. Two generators with the same mix produce the
/// same sequence, so Parley and Redis are loaded with identical posts without keeping 10M of them in memory.
struct PostGenerator {
    let mix: PostMix
    let userIDs: [ID]
    let userNames: [String]
    let channelIDs: [ID]
    let teamID: ID
    private var random: SeededGenerator
    private var corpus: [UInt8]
    private var recentRoots: [[ID]]
    private(set) var produced = 0

    /// Bytes of the word corpus messages are cut from: large enough that messages rarely repeat.
    static let corpusBytes = 1 << 16
    static let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "an", "el", "or", "us", "the",
                            "ing", "ver", "con", "pro", "ment", "sta", "ble", "ter", "ion"]

    init(mix: PostMix) {
        self.mix = mix
        random = SeededGenerator(seed: mix.seed)
        var r = random
        userIDs = (0..<PostMix.users).map { _ in ID(high: r.next(), low: r.next()) }
        userNames = (0..<PostMix.users).map { "user\($0)" }
        channelIDs = (0..<mix.channelCount).map { _ in ID(high: r.next(), low: r.next()) }
        teamID = ID(high: r.next(), low: r.next())
        corpus = PostGenerator.makeCorpus(&r)
        random = r
        recentRoots = Array(repeating: [], count: mix.channelCount)
    }

    /// Lowercase words of two to four syllables separated by single spaces; only bytes that need no JSON escape,
    /// so the Redis peer can copy messages into its JSON as they are.
    static func makeCorpus(_ r: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(corpusBytes + 16)
        while bytes.count < corpusBytes {
            for _ in 0..<(2 + r.below(3)) { bytes.append(contentsOf: syllables[r.below(syllables.count)].utf8) }
            bytes.append(UInt8(ascii: " "))
        }
        return bytes
    }

    /// The channel's record that must be applied before its posts: the channel and all of its members.
    func channelCreated(_ c: Int) -> ChannelCreated {
        let channel = Channel(id: channelIDs[c], teamID: teamID, kind: .open, createAt: PostMix.firstCreateAtMillis - 1,
                              name: c == 0 ? Channel.townSquare : "channel-\(c)", displayName: "Channel \(c)",
                              creatorID: userIDs[PostMix.member(0, of: c)])
        let members = (0..<PostMix.memberCount(of: c)).map { userIDs[PostMix.member($0, of: c)] }
        return ChannelCreated(channel: channel, members: members, adminID: members.first)
    }

    /// The next post, or nil after `mix.posts`.
    mutating func next() -> GeneratedPost? {
        guard produced < mix.posts else { return nil }
        let i = produced
        produced += 1
        let c = i % PostMix.bigChannelEvery == 0 ? 0 : 1 + random.below(PostMix.smallChannels)
        let members = PostMix.memberCount(of: c)
        let author = PostMix.member(random.below(members), of: c)
        let createAt = PostMix.firstCreateAtMillis + Int64(i)
        let id = ID(high: random.next(), low: random.next())
        var rootID: ID?
        if random.percent(PostMix.replyPercent), !recentRoots[c].isEmpty {
            rootID = recentRoots[c][random.below(recentRoots[c].count)]
        }
        var mentioned: Int?
        if random.percent(PostMix.mentionPercent) { mentioned = PostMix.member(random.below(members), of: c) }
        let message = makeMessage(bytes: PostMix.messageBytes(uniform: random.unit()), mentioning: mentioned)
        let seed = PostSeed(id: id, userID: userIDs[author], createAt: createAt, rootID: rootID, message: message,
                            mentions: mentioned.map { [userIDs[$0]] } ?? [])
        var reaction: Reaction?
        if random.percent(PostMix.reactionPercent) {
            reaction = Reaction(userID: userIDs[PostMix.member(random.below(members), of: c)], postID: id,
                                emojiName: PostMix.emojis[random.below(PostMix.emojis.count)], createAt: createAt)
        }
        if rootID == nil { remember(root: id, in: c) }
        return GeneratedPost(channel: c, seed: seed, reaction: reaction)
    }

    private mutating func remember(root: ID, in c: Int) {
        if recentRoots[c].count == PostMix.recentRootsMax { recentRoots[c].removeFirst() }
        recentRoots[c].append(root)
    }

    /// A message of exactly `bytes` bytes: the mention first when there is one (as people write them), then a
    /// slice of the corpus from a random offset.
    private mutating func makeMessage(bytes: Int, mentioning user: Int?) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes)
        if let user {
            text.append(UInt8(ascii: "@"))
            text.append(contentsOf: userNames[user].utf8)
            text.append(UInt8(ascii: " "))
        }
        let rest = bytes - text.count
        let start = random.below(corpus.count - rest)
        text.append(contentsOf: corpus[start..<start + rest])
        return String(decoding: text, as: UTF8.self)
    }
}
