/// The order `idle` and `connect-storm` run in: Parley (started or attached, with its population), then each peer
/// on its own server started for it and stopped after it; one result per system.
struct ConnectionScenario {
    let parley: ParleyTargetOptions
    let peers: PeerOptions
    let users: Int
    let restConnections: Int
    /// The connections a peer's server must allow.
    let clientsMax: Int

    /// What the report says about the Parley that was loaded.
    struct Loaded {
        var server: String
        var durability: String?
    }

    func run<R>(work: String, clock: any LoadClock,
                parley onParley: (_ target: ParleyTarget, _ upgradeRequests: [[UInt8]]) throws -> R,
                peer onPeer: (Peer, any PeerServer) throws -> R) throws -> (Loaded, [R]) {
        var target = try ParleyTarget(options: parley, work: work)
        defer { target.stop() }
        let population = try target.populate(users: users, connections: restConnections, clock: clock)
        var results = [try onParley(target, target.upgradeRequests(population.users.prefix(users)))]
        target.stop()
        for peer in peers.peers {
            let server = try peers.start(peer, under: work, clientsMax: clientsMax)
            defer { server.stop() }
            results.append(try onPeer(peer, server))
        }
        return (Loaded(server: target.endpoint.description, durability: target.durability), results)
    }
}
