import Foundation
import Net

/// The configuration file (`--config F`, JSON). Every field is optional; absent ones keep their defaults.
struct ServerSettings: Codable, Sendable {
    /// JSON request bodies larger than this are refused with 413 before they are read (routes that take uploads
    /// set their own limit). Default 256 KiB.
    var requestBodyBytesMax: Int?
    var bodyBytesMax: Int { requestBodyBytesMax ?? 256 << 10 }
    var connectionsMax: Int?
    var connectionsPerAddressMax: Int?
    var connectionsPerAddressExemptLoopback: Bool?
    var loopCount: Int?
    var driver: String?
    var tlsCertificatePath: String?
    var tlsPrivateKeyPath: String?
    var headerTimeoutMs: Int64?
    var idleTimeoutMs: Int64?
    var webSocketMessageBytesMax: Int?

    init() {}

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(path: String?) throws -> ServerSettings {
        guard let path else { return ServerSettings() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read the configuration file \(path)")
        }
        do {
            return try JSONDecoder().decode(ServerSettings.self, from: data)
        } catch {
            throw LoadError(description: "the configuration file \(path) is not valid: \(error)")
        }
    }

    func netConfiguration() -> NetConfiguration {
        var n = NetConfiguration()
        if let v = connectionsMax { n.connectionsMax = v }
        if let v = loopCount { n.loopCount = v }
        if let v = connectionsPerAddressMax { n.connectionsPerAddressMax = v }
        if let v = connectionsPerAddressExemptLoopback { n.connectionsPerAddressExemptLoopback = v }
        if let v = driver, let d = NetConfiguration.DriverChoice(rawValue: v) { n.driver = d }
        if let cert = tlsCertificatePath, let key = tlsPrivateKeyPath {
            n.tls = TLSConfiguration(certificateChainPath: cert, privateKeyPath: key)
        }
        if let v = headerTimeoutMs { n.headerTimeoutMs = v }
        if let v = idleTimeoutMs { n.idleTimeoutMs = v }
        if let v = webSocketMessageBytesMax { n.webSocket.messageBytesMax = v }
        n.http.bodyBytesMax = bodyBytesMax
        return n
    }
}
