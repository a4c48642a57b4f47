/// One simulated user's actions as a value-type state machine: `begin` turns an action into its first REST call,
/// `responded` reads the reply and returns the next call or the end of the action. The shell
/// (`MattermostThread`) owns the sockets, the clock and the schedule; this type only knows the user's channels and
/// what it saw last, so tests drive it with replies alone.
struct SimUser: Sendable {
    struct Request: Sendable, Equatable {
        var method: String
        var path: String
        var body: [UInt8]
        var kind: RequestKind
    }

    enum Step: Sendable, Equatable {
        case request(Request)
        /// Close the WebSocket and open a new one; the action is then over.
        case reconnect
        /// The action is over; schedule the next.
        case done
    }

    enum Phase: Sendable, Equatable {
        case idle
        case loadingPosts(channel: Int)
        case viewing
        case scrolling(channel: Int)
        case posting(channel: Int, isReply: Bool)
        case checkingUnreads
        case openingDirect
        case postingDirect
    }

    /// The user's index in the population (its id and token live there).
    let member: Int
    /// The channels it belongs to, as indices into `SimContext.channelIDs`.
    let channels: [Int]
    private(set) var phase = Phase.idle
    private(set) var current: Int?
    /// The oldest post id seen in `current`, where a scroll continues; nil before a page or past the first post.
    private(set) var oldestSeen: String?

    init(member: Int, channels: [Int]) {
        self.member = member
        self.channels = channels
    }

    mutating func begin(_ action: MattermostAction, context: inout SimContext) -> Step {
        guard case .idle = phase else { preconditionFailure("begin(\(action)) in phase \(phase)") }
        guard !channels.isEmpty || action == .reconnect || action == .unreadCheck else { return .done }
        switch action {
        case .switchChannel:
            return loadPosts(nextChannel(context: &context), context: context)
        case .scroll:
            guard let channel = current else { return loadPosts(nextChannel(context: &context), context: context) }
            phase = .scrolling(channel: channel)
            let query = oldestSeen.map { "before=\($0)&per_page=30" } ?? "page=1&per_page=30"
            return get("/api/v4/channels/\(context.channelIDs[channel])/posts?\(query)", .scrollPosts)
        case .post:
            let channel = current ?? channels[context.workload.pick(channels.count)]
            current = channel
            let root = context.workload.isReply() ? context.rootToReply(channel: channel) : nil
            phase = .posting(channel: channel, isReply: root != nil)
            return post(channelID: context.channelIDs[channel], root: root, context: &context)
        case .unreadCheck:
            phase = .checkingUnreads
            return get("/api/v4/users/me/teams/unread", .teamUnreads)
        case .directMessage:
            return openDirect(context: &context)
        case .reconnect:
            return .reconnect
        }
    }

    /// The reply to the call `begin` or the last `responded` returned: `ok` when its status was the expected one.
    mutating func responded(ok: Bool, body: UnsafeRawBufferPointer, context: inout SimContext) -> Step {
        let was = phase
        phase = .idle
        guard ok else { return .done }
        switch was {
        case .idle:
            preconditionFailure("a reply while idle")
        case .loadingPosts(let channel):
            let previous = current.map { context.channelIDs[$0] } ?? ""
            current = channel
            oldestSeen = ResponseIDs.oldestInOrder(body)
            phase = .viewing
            let json = #"{"channel_id":"\#(context.channelIDs[channel])","prev_channel_id":"\#(previous)"}"#
            return .request(Request(method: "POST", path: "/api/v4/channels/members/me/view", body: Array(json.utf8),
                                    kind: .viewChannel))
        case .scrolling(let channel):
            if current == channel { oldestSeen = ResponseIDs.oldestInOrder(body) ?? oldestSeen }
            return .done
        case .posting(let channel, let isReply):
            if !isReply, let id = ResponseIDs.firstID(body) { context.rememberRoot(id, channel: channel) }
            return .done
        case .openingDirect:
            guard let id = ResponseIDs.firstID(body) else { return .done }
            phase = .postingDirect
            return post(channelID: id, root: nil, context: &context)
        case .viewing, .checkingUnreads, .postingDirect:
            return .done
        }
    }

    /// Another of the user's channels than the current one, when it has more than one.
    private func nextChannel(context: inout SimContext) -> Int {
        guard channels.count > 1 else { return channels[0] }
        while true {
            let c = channels[context.workload.pick(channels.count)]
            if c != current { return c }
        }
    }

    private mutating func loadPosts(_ channel: Int, context: SimContext) -> Step {
        phase = .loadingPosts(channel: channel)
        return get("/api/v4/channels/\(context.channelIDs[channel])/posts?page=0&per_page=60", .channelPosts)
    }

    private mutating func openDirect(context: inout SimContext) -> Step {
        let targets = context.directTargets
        guard targets.count > 1 else { return .done }
        var other = member
        while other == member { other = targets[context.workload.pick(targets.count)] }
        phase = .openingDirect
        let json = #"["\#(context.userIDs[member])","\#(context.userIDs[other])"]"#
        return .request(Request(method: "POST", path: "/api/v4/channels/direct", body: Array(json.utf8), kind: .createDirect))
    }

    private func post(channelID: String, root: String?, context: inout SimContext) -> Step {
        let kind: RequestKind = phase == .postingDirect ? .directPost : root == nil ? .createPost : .createReply
        var json = #"{"channel_id":"\#(channelID)","message":"\#(context.message())""#
        if let root { json += #","root_id":"\#(root)""# }
        return .request(Request(method: "POST", path: "/api/v4/posts", body: Array((json + "}").utf8), kind: kind))
    }

    private func get(_ path: String, _ kind: RequestKind) -> Step {
        .request(Request(method: "GET", path: path, body: [], kind: kind))
    }
}

extension RequestKind {
    /// The status a successful reply has (Mattermost: 201 for creations, 200 otherwise).
    var expectedStatus: Int {
        switch self {
        case .createPost, .createReply, .createDirect, .directPost: 201
        case .channelPosts, .viewChannel, .scrollPosts, .teamUnreads: 200
        }
    }
}
