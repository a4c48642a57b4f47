import ArgumentParser
import Foundation

/// The peers a scenario runs in the same shape after Parley, and their binaries.
struct PeerOptions: ParsableArguments {
    @Option(help: "The peers run in the same shape: redis, nats, both or none.") var peer = "both"
    @Option(name: .customLong("redis-server"), help: "The redis-server binary.") var redisServer = RedisServer.executableDefault
    @Option(name: .customLong("nats-server"), help: "The nats-server binary.") var natsServer = NATSServer.executableDefault

    func validate() throws {
        guard Peer.list(peer) != nil else { throw ValidationError("--peer is redis, nats, both or none") }
    }

    var peers: [Peer] { Peer.list(peer) ?? [] }

    /// Starts `peer`'s server on a free loopback port with room for `clientsMax` clients, its files in a folder of
    /// `work` named after it.
    func start(_ peer: Peer, under parent: String, clientsMax: Int) throws -> any PeerServer {
        let work = parent + "/" + peer.rawValue
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let server: any PeerServer = switch peer {
        case .redis: try RedisServer(executable: redisServer, work: work, clientsMax: clientsMax)
        case .nats: try NATSServer(executable: natsServer, work: work)
        }
        Log.progress("\(peer.system) at \(server.endpoint), pid \(server.process.pid)")
        return server
    }
}

/// A system measured beside Parley in the same run.
enum Peer: String, Sendable, CaseIterable {
    case redis, nats

    /// The name in reports.
    var system: String {
        switch self {
        case .redis: "Redis"
        case .nats: "NATS"
        }
    }

    /// `--peer`'s value as a list: `both` is every peer, `none` none; nil for anything else.
    static func list(_ option: String) -> [Peer]? {
        switch option {
        case "both": allCases
        case "none": []
        default: Peer(rawValue: option).map { [$0] }
        }
    }
}

/// A peer's server process, started by the tool and stopped by pid.
protocol PeerServer {
    var process: ChildProcess { get }
    var endpoint: Endpoint { get }
    func stop()
}

extension RedisServer: PeerServer {}
