import Snapshot
import Synchronization

/// The chat domain's snapshot components: the directory, all teams, all channels. During recovery (before any
/// actor serves) restore and replay build plain states here; `install` then hands them to the actors. While
/// serving, each capture takes a copy of every actor's state under its gate.
public final class ChatComponents: Sendable {
    let runtime: ChatRuntime
    private let recovery = Mutex(Recovery())

    struct Recovery: Sendable {
        var directory = DirectoryState()
        var teams: [ID: TeamState] = [:]
        var channels: [ID: ChannelState] = [:]
    }

    public init(runtime: ChatRuntime) {
        self.runtime = runtime
    }

    public var all: [SnapshotComponent] { [directoryComponent, teamsComponent, channelsComponent] }

    /// Creates the actors from the recovered states; call once, after the engine started and before serving.
    public func install() {
        let r = recovery.withLock { r -> Recovery in defer { r = Recovery() }; return r }
        runtime.resetDirectory(r.directory)
        runtime.publishRoles(r.directory.roles)
        for user in r.directory.users.values { runtime.profiles.put(user) }
        for status in r.directory.statuses.values where status.manual { runtime.presence.setManual(status.userID, status.status) }
        // A state still empty after replay belongs to a creation that was refused after its actor was registered
        // (a snapshot may have captured it meanwhile): nothing names it, so it is dropped.
        for (_, s) in r.teams where s.team != nil { runtime.register(TeamActor(state: s, runtime: runtime)) }
        for (_, s) in r.channels where s.channel != nil {
            runtime.register(ChannelActor(state: s, runtime: runtime))
            runtime.index(channel: s)
        }
    }

    /// Applies one replayed record to every state it names (creating team and channel states on first mention).
    private func replay(_ entry: JournalEntry, _ body: (inout Recovery, any ChatRecord) -> Void) throws {
        guard let record = try ChatRecords.decode(entry) else { return }
        recovery.withLock { r in body(&r, record) }
    }

    private var directoryComponent: SnapshotComponent {
        SnapshotComponent(
            name: "chat.directory", knownKinds: ChatRecords.kinds,
            capture: { [runtime] in
                var (state, lsn) = await runtime.directory.capture()
                state.appliedLSN = lsn
                let copy = state
                return SnapshotCapture(lsn: lsn) { w in try StateCodec.write(copy, to: &w) }
            },
            restore: { [self] r in
                let s = try StateCodec.readDirectory(&r)
                recovery.withLock { $0.directory = s }
            },
            apply: { [self] entry in
                try replay(entry) { r, record in
                    if record.targets.contains(.directory) { r.directory.apply(record, lsn: entry.lsn) }
                }
            })
    }

    private var teamsComponent: SnapshotComponent {
        SnapshotComponent(
            name: "chat.teams", knownKinds: ChatRecords.kinds,
            capture: { [runtime] in
                await Self.captureFamily(runtime.allTeams, journal: runtime.journal) { try StateCodec.write($0, to: &$1) }
            },
            restore: { [self] r in
                for _ in 0..<(try r.read(UInt32.self)) {
                    let s = try StateCodec.readTeam(&r)
                    recovery.withLock { $0.teams[s.id] = s }
                }
            },
            apply: { [self] entry in
                try replay(entry) { r, record in
                    for case .team(let id) in record.targets {
                        r.teams[id, default: TeamState(id: id)].apply(record, lsn: entry.lsn)
                    }
                }
            })
    }

    private var channelsComponent: SnapshotComponent {
        SnapshotComponent(
            name: "chat.channels", knownKinds: ChatRecords.kinds,
            capture: { [runtime] in
                await Self.captureFamily(runtime.allChannels, journal: runtime.journal) { try ChannelCodec.write($0, to: &$1) }
            },
            restore: { [self] r in
                for _ in 0..<(try r.read(UInt32.self)) {
                    let s = try ChannelCodec.read(&r)
                    recovery.withLock { $0.channels[s.id] = s }
                }
            },
            apply: { [self] entry in
                try replay(entry) { r, record in
                    for case .channel(let id) in record.targets {
                        r.channels[id, default: ChannelState(id: id)].apply(record, lsn: entry.lsn)
                    }
                }
            })
    }

    /// Copies every actor's state of one family under its gate, each stamped with the LSN it includes; the
    /// family's LSN is the lowest of them, so replay after a restore reaches every actor's missing records.
    static func captureFamily<A: ChatActor>(_ actors: [A], journal: Journal,
                                            write: @escaping @Sendable (A.State, inout SnapshotWriter) throws -> Void)
        async -> SnapshotCapture
    {
        var states: [A.State] = []
        var low = journal.lastLSN
        for actor in actors {
            var (s, lsn) = await actor.capture()
            s.appliedLSN = lsn
            low = min(low, lsn)
            states.append(s)
        }
        let captured = states
        return SnapshotCapture(lsn: low) { w in
            try w.write(UInt32(captured.count))
            for s in captured { try write(s, &w) }
        }
    }
}
