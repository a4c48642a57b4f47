/// A channel's kind, names and team: what a `posted` event says of its channel.
public struct ChannelLabel: Sendable, Equatable {
    public var kind: Channel.Kind
    public var name: String
    public var displayName: String
    public var teamID: ID?
}
