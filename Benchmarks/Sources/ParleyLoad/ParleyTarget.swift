import ArgumentParser
import Glibc

/// The Parley a scenario loads: one the tool started (`--start`, stopped by pid at the end) or one already running
/// (`--server`, with `--server-pid` for its CPU and memory), and the population on it.
struct ParleyTarget {
    /// Sockets one process may hold here (hard limit 20,000), less room for the rest of the tool.
    static let descriptorsMax = 19_900

    /// Checks that `count` connections, `restConnections` and the tool's own files fit in one process's descriptors.
    static func checkDescriptors(_ count: Int, _ what: String, restConnections: Int) throws {
        guard count + restConnections + 64 <= descriptorsMax else {
            throw ValidationError("at most \(descriptorsMax) descriptors per process: \(count) \(what) is too many")
        }
    }

    let options: ParleyTargetOptions
    let endpoint: Endpoint
    private(set) var server: ParleyServer?

    init(options: ParleyTargetOptions, work: String) throws {
        self.options = options
        if let path = options.start {
            let dataDir = options.dataDir ?? work + "/data"
            Log.progress("starting \(path) (data in \(dataDir), journal \(options.durability))")
            let server = try ParleyServer(executable: path, dataDir: dataDir, work: work, durability: options.durability,
                                          io: options.io, connectionsMax: Self.descriptorsMax - 400)
            self.server = server
            endpoint = server.endpoint
        } else {
            let url = options.server ?? "http://127.0.0.1:8065"
            guard let endpoint = Endpoint(url: url) else { throw LoadError("--server \(url) is not http://IPV4:PORT") }
            self.endpoint = endpoint
        }
        Log.progress("Parley at \(endpoint)" + (pid.map { ", pid \($0)" } ?? ", no pid: no server CPU or memory"))
    }

    var pid: pid_t? { server?.process.pid ?? options.serverPID }

    /// The journal policy when the tool started Parley; nil for `--server`.
    var durability: String? { options.start == nil ? nil : options.durability }

    /// The population from `--state` when the server still knows it, else made (or completed) now.
    func populate(users: Int, connections: Int, clock: any LoadClock) throws -> Population {
        let pool = RESTPool(endpoint: endpoint, connections: connections)
        let started = clock.nowNanos()
        let population = try PopulationBuilder(pool: pool).build(users: users, existing: kept(Population.self, on: pool))
        Log.progress("population: \(population.users.count) users in \(Format.fixed(Double(clock.nowNanos() - started) / 1e9, 1)) s")
        if let path = options.state { try population.save(path: path) }
        return population
    }

    /// The population kept in `--state` when the server still knows it; nil when there is none or it does not match.
    func kept<P: KeptPopulation>(_ type: P.Type, on pool: RESTPool) -> P? {
        guard let path = options.state, let kept = P.load(path: path) else { return nil }
        guard kept.isValid(on: pool.first) else {
            Log.progress("population: \(path) does not match this server; making a new one")
            return nil
        }
        return kept
    }

    /// One upgrade request per member, shared by every connection of that user.
    func upgradeRequests(_ members: some Sequence<Population.Member>) -> [[UInt8]] {
        members.map { WebSocketSubscriber.upgradeRequest(host: endpoint.description, token: $0.token) }
    }

    /// Stops the server the tool started; nothing for `--server`. Safe to call twice.
    mutating func stop() {
        server?.stop()
        server = nil
    }
}

/// A population kept in `--state`: loaded again when the server still has its users and channels.
protocol KeptPopulation: JSONFile {
    func isValid(on client: RESTClient) -> Bool
}

extension Population: KeptPopulation {}
extension MixPopulation: KeptPopulation {}
