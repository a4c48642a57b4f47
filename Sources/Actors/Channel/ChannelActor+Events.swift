/// The events of the records a channel actor commits (notes §5.5).
extension ChannelActor {
    public func events(after record: any ChatRecord) -> [ChatEvent] {
        guard let channel = state.channel else { return [] }
        switch record {
        case let r as PostCreated:
            defer { unreachedNames = [] }
            return posted(r.post.id, channel) + notice(for: r.post, channel)
        case let r as PostEdited:
            return postEvent(.postEdited, r.postID, channel)
        case let r as PostPinned:
            return postEvent(.postEdited, r.postID, channel)
        case let r as PostDeleted:
            return postEvent(.postDeleted, r.postID, channel)
        case let r as ReactionChanged:
            return [ChatEvent(r.added ? .reactionAdded : .reactionRemoved, to: .channel(id), .reaction(r.reaction))]
        case let r as ChannelJoined:
            let added = ChatEvent(.userAdded, to: .channel(id), broadcast: .init(channelID: id),
                                  .fields([("user_id", .string(r.userID.description)),
                                           ("team_id", .string(channel.teamID?.description ?? ""))]),
                                  membership: [.channelJoined(id, users: [r.userID], kind: channel.kind, teamID: channel.teamID)])
            return [added] + (r.systemPost.map { posted($0.id, channel) } ?? [])
        case let r as ChannelLeft:
            return (r.systemPost.map { posted($0.id, channel) } ?? []) + Self.removal(of: r.userID, from: id, by: nil)
        case let r as ChannelPatched:
            return [ChatEvent(.channelUpdated, to: .channel(id), .channel(channel))] + r.systemPosts.flatMap { posted($0.id, channel) }
        case let r as ChannelArchived:
            let audience: ChatEvent.Audience = channel.teamID.map { .team($0) } ?? .channel(id)
            let deleted = ChatEvent(.channelDeleted, to: audience,
                                    .fields([("channel_id", .string(id.description)), ("delete_at", .int(channel.deleteAt))]))
            return (r.systemPost.map { posted($0.id, channel) } ?? []) + [deleted]
        case is ChannelRestored:
            let audience: ChatEvent.Audience = channel.teamID.map { .team($0) } ?? .channel(id)
            return [ChatEvent(.channelRestored, to: audience, .fields([("channel_id", .string(id.description))]))]
        case let r as ChannelMemberRolesSet:
            guard let member = state.members[r.userID] else { return [] }
            return [ChatEvent(.channelMemberUpdated, to: .user(r.userID), .channelMember(member))]
        case let r as ChannelViewed:
            // The new event and the old one: older clients and drivers still listen for `channel_viewed`.
            return [ChatEvent(.multipleChannelsViewed, to: .user(r.userID), .channelTimes([(id, r.at)])),
                    ChatEvent(.channelViewed, to: .user(r.userID), .fields([("channel_id", .string(id.description))]))]
        default:
            return []
        }
    }

    /// `user_removed` to the members who stay (channel broadcast) and to the one removed (user broadcast), the
    /// only event of the channel that still reaches them.
    static func removal(of user: ID, from channel: ID, by remover: ID?) -> [ChatEvent] {
        let remover = ("remover_id", ChatEvent.Value.string(remover?.description ?? user.description))
        return [
            ChatEvent(.userRemoved, to: .channel(channel), .fields([("user_id", .string(user.description)), remover]),
                      membership: [.channelLeft(channel, user: user)]),
            ChatEvent(.userRemoved, to: .user(user), .fields([("channel_id", .string(channel.description)), remover])),
        ]
    }

    private func post(_ postID: ID) -> Post? {
        state.posts.slot(of: postID).map { state.posts.post(at: $0, channelID: id) }
    }

    private func postEvent(_ name: ChatEvent.Name, _ postID: ID, _ channel: Channel) -> [ChatEvent] {
        guard let post = post(postID) else { return [] }
        return [ChatEvent(name, to: .channel(id), .post(post))]
    }

    func posted(_ postID: ID, _ channel: Channel) -> [ChatEvent] {
        guard let slot = state.posts.slot(of: postID) else { return [] }
        let label = ChannelLabel(kind: channel.kind, name: channel.name, displayName: channel.displayName, teamID: channel.teamID)
        return [ChatEvent.posted(state.posts.post(at: slot, channelID: id), mentions: state.posts.mentions[slot] ?? [],
                                 label: label, profiles: runtime.profiles)]
    }

    /// The system `ephemeral_message` to the author naming each mentioned user who exists but is not in the
    /// channel (Mattermost's out-of-channel mention notice).
    private func notice(for seed: PostSeed, _ channel: Channel) -> [ChatEvent] {
        guard channel.kind == .open || channel.kind == .privateChannel else { return [] }
        let names = unreachedNames.filter { name in
            runtime.profiles.user(named: name).map { state.members[$0] == nil } ?? false
        }
        guard !names.isEmpty else { return [] }
        let listed = names.map { "@" + $0 }
        let who = listed.count == 1 ? listed[0] : listed.dropLast().joined(separator: ", ") + " and " + listed.last!
        let text = "\(who) did not get notified by this mention because they are not in the channel. "
            + "Would you like to add them to this channel? They will have access to all message history."
        var post = Post(id: ID.fast(), createAt: runtime.clock.nowMillis(), userID: seed.userID, channelID: id,
                        rootID: seed.rootID, message: text)
        post.type = "system_ephemeral"
        let ids = names.compactMap { runtime.profiles.user(named: $0)?.description }
        post.props = Self.addChannelMemberProps(postID: seed.id, usernames: names, userIDs: ids)
        return [ChatEvent(.ephemeralMessage, to: .user(seed.userID), broadcast: .init(channelID: id, userID: seed.userID),
                          .post(post))]
    }

    /// Mattermost's `add_channel_member` prop of the notice, which clients read to offer adding the people it
    /// names. Usernames and ids use only `[a-z0-9._-]`, so they need no escaping.
    static func addChannelMemberProps(postID: ID, usernames: [String], userIDs: [String]) -> [UInt8] {
        let names = usernames.map { "\"\($0)\"" }.joined(separator: ",")
        let ids = userIDs.map { "\"\($0)\"" }.joined(separator: ",")
        return Array(("{\"add_channel_member\":{\"post_id\":\"\(postID)\",\"usernames\":[\(names)],"
            + "\"not_in_channel_usernames\":[\(names)],\"user_ids\":[\(ids)],\"not_in_channel_user_ids\":[\(ids)],"
            + "\"not_in_groups_usernames\":[]}}").utf8)
    }
}
