/// Parley's figure over each peer's, keyed by the peer's name: how `idle` and `connect-storm` compare systems.
enum PeerRatios {
    /// Nothing when Parley has no figure; a peer is left out when its figure is missing or not positive.
    static func of<T>(_ results: [T], system: (T) -> String, value: (T) -> Double?) -> [String: Double] {
        guard let parley = results.first(where: { system($0) == "Parley" }).flatMap(value) else { return [:] }
        var out: [String: Double] = [:]
        for r in results where system(r) != "Parley" {
            if let v = value(r), v > 0 { out[system(r)] = parley / v }
        }
        return out
    }
}
