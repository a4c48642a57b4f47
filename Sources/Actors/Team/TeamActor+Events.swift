/// The events of the records a team actor commits (notes §5.5).
extension TeamActor {
    public func events(after record: any ChatRecord) -> [ChatEvent] {
        switch record {
        case let r as TeamJoined:
            var events = [ChatEvent(.addedToTeam, to: .user(r.userID),
                                    .fields([("team_id", .string(id.description)), ("user_id", .string(r.userID.description))]),
                                    membership: [.teamJoined(id, user: r.userID)])]
            for channel in r.channels {
                let label = runtime.label(of: channel)
                events.append(ChatEvent(.userAdded, to: .channel(channel),
                                        .fields([("user_id", .string(r.userID.description)), ("team_id", .string(id.description))]),
                                        membership: [.channelJoined(channel, users: [r.userID], kind: label?.kind ?? .open, teamID: id)]))
            }
            events += systemPost(r.systemPost, in: r.postChannelID)
            return events
        case let r as TeamLeft:
            var events = systemPost(r.systemPost, in: r.postChannelID)
            for channel in r.channels { events += ChannelActor.removal(of: r.userID, from: channel, by: nil) }
            let fields: ChatEvent.Body = .fields([("user_id", .string(r.userID.description)), ("team_id", .string(id.description))])
            // The team hears it while the leaver is still a member; the leaver hears it once more after.
            events.append(ChatEvent(.leaveTeam, to: .team(id), fields))
            events.append(ChatEvent(.leaveTeam, to: .user(r.userID), broadcast: .init(teamID: id), fields,
                                    membership: [.teamLeft(id, user: r.userID)]))
            return events
        case let r as TeamPatched:
            return [ChatEvent(.updateTeam, to: .team(id), .team(r.team))]
        case let r as TeamMemberRolesSet:
            guard let member = state.members[r.userID] else { return [] }
            return [ChatEvent(.memberRoleUpdated, to: .user(r.userID), .teamMember(member))]
        case let r as ChannelCreated:
            return ChatEvent.created(r)
        case let r as ChannelPatched:
            // A rename, which the team commits (names are unique per team): the channel's members hear it as from
            // the channel itself.
            defer { renamed = nil }
            guard let channel = renamed, channel.id == r.channelID else { return [] }
            return [ChatEvent(.channelUpdated, to: .channel(r.channelID), .channel(channel))]
                + r.systemPosts.flatMap { systemPost($0, in: r.channelID) }
        default:
            return []
        }
    }

    private func systemPost(_ seed: PostSeed?, in channel: ID) -> [ChatEvent] {
        guard let seed, let label = runtime.label(of: channel) else { return [] }
        return [ChatEvent.posted(Post(seed: seed, channelID: channel), mentions: seed.mentions, label: label, profiles: runtime.profiles)]
    }
}

extension ChatEvent {
    /// A new channel: `channel_created` to its creator for O/P, `direct_added` / `group_added` to its members.
    static func created(_ r: ChannelCreated) -> [ChatEvent] {
        let c = r.channel
        let joined = Membership.channelJoined(c.id, users: r.members, kind: c.kind, teamID: c.teamID)
        switch c.kind {
        case .open, .privateChannel:
            let creator = c.creatorID ?? r.members.first ?? .zero
            return [ChatEvent(.channelCreated, to: .user(creator),
                              .fields([("channel_id", .string(c.id.description)), ("team_id", .string(c.teamID?.description ?? ""))]),
                              membership: [joined])]
        case .direct:
            let creator = c.creatorID ?? r.members.first ?? .zero
            let teammate = r.members.first { $0 != creator } ?? creator
            return [ChatEvent(.directAdded, to: .channel(c.id),
                              .fields([("creator_id", .string(creator.description)), ("teammate_id", .string(teammate.description))]),
                              membership: [joined])]
        case .group:
            return [ChatEvent(.groupAdded, to: .channel(c.id), .fields([("teammate_ids", .stringArrayText(r.members.map(\.description)))]),
                              membership: [joined])]
        }
    }
}
