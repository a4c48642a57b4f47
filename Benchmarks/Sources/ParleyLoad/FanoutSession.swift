import Foundation
import Glibc

/// One `fanout` invocation: the Parley it loads, the population, and the systems' runs in order (Parley, then
/// each peer of `--peer` on its own server, started and stopped here).
struct FanoutSession {
    let command: FanoutCommand
    let shape: FanoutShape
    let work: String
    let clock: any LoadClock = MonotonicClock()
    private(set) var parley: ParleyTarget
    var notes: [String] = []

    /// The channel (Redis) or subject (NATS) the peers' subscribers listen to.
    static let peerChannel = "load-fanout"

    init(command: FanoutCommand, work: String) throws {
        self.command = command
        shape = command.shape
        self.work = work
        parley = try ParleyTarget(options: command.parley, work: work)
    }

    mutating func run() throws -> FanoutReport {
        let population = try parley.populate(users: shape.users, connections: command.connections, clock: clock)
        let parleyResult = try runParley(population)
        parley.stop()
        var peers: [Peer: SystemResult] = [:]
        var payload: (bytes: Int, source: String)?
        for peer in command.peers.peers {
            let p = payload ?? peerPayload(parleyResult)
            payload = p
            peers[peer] = try runPeer(peer, payloadBytes: p.bytes)
        }
        func ratio(_ peer: Peer) -> Double? {
            peers[peer].flatMap { r in r.deliveriesPerSecond > 0 ? parleyResult.deliveriesPerSecond / r.deliveriesPerSecond : nil }
        }
        notes += Self.warnings(parleyResult) + Peer.allCases.compactMap { peers[$0] }.flatMap(Self.warnings)
        return FanoutReport(
            label: command.label, date: ISO8601DateFormatter().string(from: Date()), shape: shape,
            server: parley.endpoint.description, durability: parley.durability,
            peerPayloadBytes: payload?.bytes, peerPayloadSource: payload?.source, parley: parleyResult,
            redis: peers[.redis], ratio: ratio(.redis), nats: peers[.nats], natsRatio: ratio(.nats), notes: notes)
    }

    mutating func stopServers() {
        parley.stop()
    }

    private func runParley(_ population: Population) throws -> SystemResult {
        let members = Array(population.users.prefix(shape.users))
        let requests = parley.upgradeRequests(members)
        let machines = (0..<shape.subscribers).map { WebSocketSubscriber(request: requests[$0 % requests.count]) }
        let wire = ParleyPostWire(host: parley.endpoint.description, channelID: population.channelID,
                                  tokens: members.map(\.token), messageBytes: shape.messageBytes)
        return try FanoutRun(shape: shape, clock: clock, sources: command.sources)
            .run(system: "Parley", machines: machines, subscribeTo: parley.endpoint, wire: wire,
                 publishTo: parley.endpoint, serverPID: parley.pid)
    }

    /// `peer`'s server started, the same shape run on it with `payloadBytes`-byte messages, and the server stopped.
    private func runPeer(_ peer: Peer, payloadBytes: Int) throws -> SystemResult {
        let server = try command.peers.start(peer, under: work, clientsMax: shape.subscribers + shape.publishConnections + 64)
        defer { server.stop() }
        Log.progress("\(peer.system): \(payloadBytes)-byte payloads")
        let run = FanoutRun(shape: shape, clock: clock, sources: command.sources)
        func fanOut<M: SubscriberMachine, W: PublishWire>(to subscriber: M, from wire: W) throws -> SystemResult {
            try run.run(system: peer.system, machines: Array(repeating: subscriber, count: shape.subscribers),
                        subscribeTo: server.endpoint, wire: wire, publishTo: server.endpoint, serverPID: server.process.pid)
        }
        let (channel, senders) = (Self.peerChannel, shape.users)
        switch peer {
        case .redis:
            return try fanOut(to: RedisSubscriber(command: RedisSubscriber.subscribeCommand(channel: channel)),
                              from: RedisPublishWire(channel: channel, payloadBytes: payloadBytes, senders: senders))
        case .nats:
            return try fanOut(to: NATSSubscriber(command: NATSSubscriber.subscribeCommand(subject: channel)),
                              from: NATSPublishWire(subject: channel, payloadBytes: payloadBytes, senders: senders))
        }
    }
}
