/// One simulated user's actions as a value-type state machine: `begin` turns an action into its first REST call,
/// `responded` reads the reply and returns the next call or the end of the action. The shell (`DriverLoop`) owns
/// the sockets, the clock and the schedule; this type only knows the user's channels and what it saw last, so
/// tests drive it with replies alone.
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
        /// Loading the first page of a channel (`direct`: of the DM with this id) before viewing it.
        case loadingPosts(channel: Int)
        case loadingDirect(id: String)
        case viewing
        case scrolling(place: String)
        case posting(channel: Int?, isReply: Bool)
        case checkingUnreads
        case openingDirect
        /// One call whose reply needs nothing more.
        case oneCall
        case deleting(post: String, channel: Int?)
    }

    /// The user's index in the population (its id and token live there).
    let member: Int
    /// The channels it belongs to, as indices into `SimContext.channelIDs`.
    let channels: [Int]
    private(set) var phase = Phase.idle
    /// The channel in view, when it is one of `channels`.
    private(set) var current: Int?
    /// The DM in view, by id; it replaces `current` until the next channel switch.
    private(set) var direct: String?
    /// The oldest post id seen in view, where a scroll continues; nil before a page or past the first post.
    private(set) var oldestSeen: String?
    /// The newest post id seen in view, which reactions and the thread panel go to.
    private(set) var newestSeen: String?
    /// The user's own last post (and its channel), which edits and deletes go to; nil once deleted.
    private(set) var ownLast: (post: String, channel: Int?)?

    init(member: Int, channels: [Int]) {
        self.member = member
        self.channels = channels
    }

    static let emojis = ["+1", "smile", "tada", "eyes", "heart", "white_check_mark"]

    mutating func begin(_ action: MattermostAction, context: inout SimContext) -> Step {
        guard case .idle = phase else { preconditionFailure("begin(\(action)) in phase \(phase)") }
        guard !channels.isEmpty || action == .reconnect || action == .unreadCheck else { return .done }
        switch action {
        case .switchChannel:
            return loadPosts(nextChannel(context: &context), context: context)
        case .scroll:
            guard let place = place(context) else { return loadPosts(nextChannel(context: &context), context: context) }
            phase = .scrolling(place: place)
            let query = oldestSeen.map { "before=\($0)&per_page=30" } ?? "page=1&per_page=30"
            return get("/api/v4/channels/\(place)/posts?\(query)", .scrollPosts)
        case .post:
            if let direct {
                phase = .posting(channel: nil, isReply: false)
                return post(channelID: direct, root: nil, context: &context)
            }
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
        case .react:
            guard let post = newestSeen else { return .done }
            phase = .oneCall
            let emoji = Self.emojis[context.workload.pick(Self.emojis.count)]
            let json = #"{"user_id":"\#(context.userIDs[member])","post_id":"\#(post)","emoji_name":"\#(emoji)"}"#
            return .request(Request(method: "POST", path: "/api/v4/reactions", body: Array(json.utf8), kind: .addReaction))
        case .viewThread:
            guard let post = current.flatMap({ context.rootToReply(channel: $0) }) ?? newestSeen else { return .done }
            phase = .oneCall
            return get("/api/v4/posts/\(post)/thread", .threadPosts)
        case .openPermalink:
            guard let post = context.rootToReply(channel: channels[context.workload.pick(channels.count)]) else { return .done }
            phase = .oneCall
            return get("/api/v4/posts/\(post)", .permalinkPost)
        case .editPost:
            guard let own = ownLast else { return .done }
            phase = .oneCall
            let json = #"{"message":"\#(context.message()) (edited)"}"#
            return .request(Request(method: "PUT", path: "/api/v4/posts/\(own.post)/patch", body: Array(json.utf8), kind: .editPost))
        case .deletePost:
            guard let own = ownLast else { return .done }
            phase = .deleting(post: own.post, channel: own.channel)
            return .request(Request(method: "DELETE", path: "/api/v4/posts/\(own.post)", body: [], kind: .deletePost))
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
            let previous = place(context) ?? ""
            current = channel
            direct = nil
            return view(context.channelIDs[channel], previous: previous, page: body)
        case .loadingDirect(let id):
            let previous = place(context) ?? ""
            direct = id
            return view(id, previous: previous, page: body)
        case .scrolling(let place):
            if self.place(context) == place { oldestSeen = ResponseIDs.oldestInOrder(body) ?? oldestSeen }
            return .done
        case .posting(let channel, let isReply):
            guard let id = ResponseIDs.firstID(body) else { return .done }
            ownLast = (id, channel)
            newestSeen = id
            if !isReply, let channel { context.rememberRoot(id, channel: channel) }
            return .done
        case .openingDirect:
            guard let id = ResponseIDs.firstID(body) else { return .done }
            phase = .loadingDirect(id: id)
            return get("/api/v4/channels/\(id)/posts?page=0&per_page=60", .channelPosts)
        case .deleting(let post, let channel):
            ownLast = nil
            if newestSeen == post { newestSeen = nil }
            if let channel { context.forgetRoot(post, channel: channel) }
            return .done
        case .viewing, .checkingUnreads, .oneCall:
            return .done
        }
    }

    /// The id of the channel or DM in view.
    private func place(_ context: SimContext) -> String? {
        direct ?? current.map { context.channelIDs[$0] }
    }

    /// Marks `id` viewed after its first page arrived, as the web app does.
    private mutating func view(_ id: String, previous: String, page: UnsafeRawBufferPointer) -> Step {
        oldestSeen = ResponseIDs.oldestInOrder(page)
        newestSeen = ResponseIDs.newestInOrder(page)
        phase = .viewing
        let json = #"{"channel_id":"\#(id)","prev_channel_id":"\#(previous)"}"#
        return .request(Request(method: "POST", path: "/api/v4/channels/members/me/view", body: Array(json.utf8),
                                kind: .viewChannel))
    }

    /// Another of the user's channels than the current one, when it has more than one.
    private func nextChannel(context: inout SimContext) -> Int {
        guard channels.count > 1 else { return channels[0] }
        while true {
            let c = channels[context.workload.pick(channels.count)]
            if c != current || direct != nil { return c }
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
        let kind: RequestKind = direct != nil ? .directPost : root == nil ? .createPost : .createReply
        var json = #"{"channel_id":"\#(channelID)","message":"\#(context.message())""#
        if let root { json += #","root_id":"\#(root)""# }
        return .request(Request(method: "POST", path: "/api/v4/posts", body: Array((json + "}").utf8), kind: kind))
    }

    private func get(_ path: String, _ kind: RequestKind) -> Step {
        .request(Request(method: "GET", path: path, body: [], kind: kind))
    }
}
