import Foundation
import Glibc

/// One `fanout` invocation: the servers it started, the population, and the two systems' runs in order.
struct FanoutSession {
    let command: FanoutCommand
    let shape: FanoutShape
    let work: String
    let clock: any LoadClock = MonotonicClock()
    private(set) var parleyServer: ParleyServer?
    private(set) var redisServer: RedisServer?
    let parleyEndpoint: Endpoint
    var notes: [String] = []

    init(command: FanoutCommand, work: String) throws {
        self.command = command
        shape = command.shape
        self.work = work
        let target = try command.parley.target(work: work, connectionsMax: FanoutCommand.descriptorsMax - 400)
        parleyServer = target.server
        parleyEndpoint = target.endpoint
    }

    var parleyPID: pid_t? { parleyServer?.process.pid ?? command.parley.serverPID }

    mutating func run() throws -> FanoutReport {
        Log.progress("Parley at \(parleyEndpoint)" + (parleyPID.map { ", pid \($0)" } ?? ", no pid: no server CPU or memory"))
        let population = try populate()
        let parley = try runParley(population)
        parleyServer?.stop()
        parleyServer = nil
        var redis: SystemResult?
        var payload: (bytes: Int, source: String)?
        if command.peer == "redis" {
            payload = peerPayload(parley)
            redis = try runRedis(payloadBytes: payload!.bytes)
        }
        let ratio = redis.flatMap { r in r.deliveriesPerSecond > 0 ? parley.deliveriesPerSecond / r.deliveriesPerSecond : nil }
        notes += Self.warnings(parley) + (redis.map(Self.warnings) ?? [])
        return FanoutReport(
            label: command.label, date: ISO8601DateFormatter().string(from: Date()), shape: shape,
            server: parleyEndpoint.description, durability: command.parley.startedDurability,
            peerPayloadBytes: payload?.bytes, peerPayloadSource: payload?.source, parley: parley, redis: redis,
            ratio: ratio, notes: notes)
    }

    mutating func stopServers() {
        parleyServer?.stop()
        redisServer?.stop()
        parleyServer = nil
        redisServer = nil
    }

    /// The population from `--state` when the server still knows it, else made (or completed) now.
    private func populate() throws -> Population {
        let pool = RESTPool(endpoint: parleyEndpoint, connections: command.connections)
        var existing = command.state.flatMap(Population.load)
        if let e = existing, !e.isValid(on: pool.first) {
            Log.progress("population: \(command.state!) does not match this server; making a new one")
            existing = nil
        }
        let started = clock.nowNanos()
        let population = try PopulationBuilder(pool: pool).build(users: shape.users, existing: existing)
        Log.progress("population: \(population.users.count) users in \(Format.fixed(Double(clock.nowNanos() - started) / 1e9, 1)) s")
        if let path = command.state { try population.save(path: path) }
        return population
    }

    private func runParley(_ population: Population) throws -> SystemResult {
        let members = Array(population.users.prefix(shape.users))
        let requests = members.map { WebSocketSubscriber.upgradeRequest(host: parleyEndpoint.description, token: $0.token) }
        let machines = (0..<shape.subscribers).map { WebSocketSubscriber(request: requests[$0 % requests.count]) }
        let wire = ParleyPostWire(host: parleyEndpoint.description, channelID: population.channelID,
                                  tokens: members.map(\.token), messageBytes: shape.messageBytes)
        return try FanoutRun(shape: shape, clock: clock, sources: command.sources)
            .run(system: "Parley", machines: machines, subscribeTo: parleyEndpoint, wire: wire, publishTo: parleyEndpoint,
                 serverPID: parleyPID)
    }

    private mutating func runRedis(payloadBytes: Int) throws -> SystemResult {
        let redisWork = work + "/redis"
        try FileManager.default.createDirectory(atPath: redisWork, withIntermediateDirectories: true)
        let server = try RedisServer(executable: command.redisServer, work: redisWork,
                                     clientsMax: shape.subscribers + shape.publishConnections + 64)
        redisServer = server
        Log.progress("Redis at \(server.endpoint), pid \(server.process.pid), \(payloadBytes)-byte payloads")
        let channel = "load-fanout"
        let command = RedisSubscriber.subscribeCommand(channel: channel)
        let machines = (0..<shape.subscribers).map { _ in RedisSubscriber(command: command) }
        let wire = RedisPublishWire(channel: channel, payloadBytes: payloadBytes, senders: shape.users)
        let result = try FanoutRun(shape: shape, clock: clock, sources: self.command.sources)
            .run(system: "Redis", machines: machines, subscribeTo: server.endpoint, wire: wire, publishTo: server.endpoint,
                 serverPID: server.process.pid)
        server.stop()
        redisServer = nil
        return result
    }
}
