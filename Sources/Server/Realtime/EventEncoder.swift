import Actors

/// Turns an actor's `ChatEvent` into the one `EventFrame` every recipient shares (notes §5.2 and §5.4): nested
/// objects as JSON strings where clients `JSON.parse` them, `user_updated`'s user as an object.
enum EventEncoder {
    static func frame(_ e: ChatEvent, config: ChatConfig) -> EventFrame {
        let general = variant(e, admin: false, config: config)
        let admin: EventFrame.Variant? = needsAdminVariant(e.body) ? variant(e, admin: true, config: config) : nil
        var mentioned = Set<ID>()
        if case let .posted(_, facts) = e.body { mentioned = Set(facts.mentions) }
        return EventFrame(name: e.name, isEphemeral: e.isEphemeral, general: general, admin: admin, mentioned: mentioned,
                          omitUser: e.broadcast.omitUser)
    }

    private static func needsAdminVariant(_ body: ChatEvent.Body) -> Bool {
        switch body {
        case .user, .team: return true
        default: return false
        }
    }

    private static func variant(_ e: ChatEvent, admin: Bool, config: ChatConfig) -> EventFrame.Variant {
        var head = JSONWriter(capacity: 64)
        head.beginObject()
        head.field("event", e.name.rawValue)
        head.key("data")
        head.beginObject()
        // The rest starts a writer of its own so the mentions hole can sit between the two without a comma rule.
        var rest = JSONWriter()
        rest.beginObject()
        data(e.body, channelID: e.broadcast.channelID, admin: admin, config: config, &rest)
        rest.endObject()
        rest.key("broadcast")
        broadcast(e.broadcast, &rest)
        rest.key("seq")
        return EventFrame.Variant(head: head.bytes, tail: Array(rest.bytes.dropFirst()))
    }

    private static func broadcast(_ b: ChatEvent.Broadcast, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("omit_users")
        if let omit = b.omitUser { w.beginObject(); w.key(omit.description); w.bool(true); w.endObject() } else { w.null() }
        w.field("user_id", b.userID?.description ?? "")
        w.field("channel_id", b.channelID?.description ?? "")
        w.field("team_id", b.teamID?.description ?? "")
        w.field("connection_id", "")
        w.field("omit_connection_id", "")
        w.endObject()
    }

    private static func data(_ body: ChatEvent.Body, channelID: ID?, admin: Bool, config: ChatConfig, _ w: inout JSONWriter) {
        switch body {
        case let .posted(post, facts):
            w.field("channel_display_name", facts.channelDisplayName)
            w.field("channel_name", facts.channelName)
            w.field("channel_type", facts.channelKind.rawValue)
            w.key("post"); w.embedded { $0.post(post) }
            w.field("sender_name", facts.senderName)
            w.field("set_online", facts.setOnline)
            w.field("team_id", facts.teamID?.description ?? "")
        case let .post(post):
            w.key("post"); w.embedded { $0.post(post) }
        case let .reaction(reaction):
            w.key("reaction"); w.embedded { $0.reaction(reaction, channelID: channelID ?? .zero) }
        case let .channel(channel):
            w.key("channel"); w.embedded { $0.channel(channel) }
        case let .channelMember(member):
            w.key("channelMember"); w.embedded { $0.channelMember(member) }
        case let .teamMember(member):
            w.key("member"); w.embedded { $0.teamMember(member) }
        case let .team(team):
            w.key("team"); w.embedded { $0.team(team, sanitized: !admin) }
        case let .user(user):
            w.key("user")
            w.user(user, audience: admin ? .admin : .other(showEmail: config.showEmailAddress, showFullName: config.showFullName))
        case let .preferences(userID, entries):
            w.key("preferences")
            w.embedded { a in
                a.beginArray()
                for (key, value) in entries { a.preference(userID: userID, key: key, value: value) }
                a.endArray()
            }
        case let .role(role):
            w.key("role"); w.embedded { $0.role(role) }
        case let .channelTimes(times):
            w.key("channel_times")
            w.beginObject()
            for (channel, at) in times { w.key(channel.description); w.int(at) }
            w.endObject()
        case let .fields(fields):
            for (name, value) in fields {
                w.key(name)
                switch value {
                case .string(let s): w.string(s)
                case .int(let n): w.int(n)
                case .bool(let b): w.bool(b)
                case .stringArrayText(let items):
                    w.embedded { a in a.beginArray(); for item in items { a.string(item) }; a.endArray() }
                }
            }
        case .config:
            w.key("config"); w.raw(ConfigRoutes.clientConfig(config))
        }
    }
}
