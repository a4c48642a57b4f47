import Foundation
import Net
import Snapshot

/// The configuration file (`--config F`, JSON). Every field is optional; absent ones keep their defaults.
struct ServerSettings: Codable, Sendable {
    /// JSON request bodies larger than this are refused with 413 before they are read (routes that take uploads
    /// set their own limit). Default 300 KB, as Mattermost.
    var requestBodyBytesMax: Int?
    var bodyBytesMax: Int { requestBodyBytesMax ?? 300_000 }
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
    /// `durable` (default: acknowledge after fdatasync), `relaxed` (sync at an interval) or `memory` (tests
    /// only: nothing is written). The promise of each is in Sources/Snapshot/README.md.
    var durabilityPolicy: String?
    /// A snapshot is taken after this many journal records (default 1,000,000)...
    var snapshotEveryRecords: UInt64?
    /// ...or after this many minutes with writes since the last one (default 30).
    var snapshotEveryMinutes: Int64?
    /// When set, journal segments and snapshots no longer needed for recovery move to `archive/` and stay this
    /// long, so that `parley restore` can reach points before the oldest kept snapshot; absent, they are deleted.
    var archiveRetentionMinutes: Int64?
    /// PBKDF2 iterations for new password hashes (default 600,000; tests lower it, never the default).
    var passwordHashIterations: Int?
    /// Threads hashing passwords (default 2) and how many hashing jobs may wait (default 256; beyond: 503).
    var passwordHashThreads: Int?
    var passwordHashQueueMax: Int?
    /// The real-time bounds (`RealtimeLimits`): bytes a socket may have unsent before it is a slow consumer,
    /// events held for resume per connection and in total, how long a dropped connection is held, and the grace
    /// before a user whose last socket closed shows offline.
    var realtimeSendBytesMax: Int?
    var realtimeSendEventsMax: Int?
    var realtimeSendBytesTotalMax: Int?
    var resumeBytesMax: Int?
    var resumeBytesTotalMax: Int?
    var resumeRetainMillis: Int64?
    var offlineGraceMillis: Int64?
    /// Mattermost configuration sections applied at start over the stored configuration, logged as overrides
    /// and shown in `GET /config` (e.g. `{"TeamSettings":{"EnableOpenServer":false}}`).
    var mattermost: [String: [String: MattermostSettingValue]]?

    init() {}

    var realtimeLimits: RealtimeLimits {
        var l = RealtimeLimits()
        if let v = realtimeSendBytesMax { l.sendBytesMax = max(4096, v) }
        if let v = realtimeSendEventsMax { l.sendEventsMax = max(16, v) }
        if let v = realtimeSendBytesTotalMax { l.sendBytesTotalMax = max(0, v) }
        if let v = resumeBytesMax { l.resumeBytesMax = max(0, v) }
        if let v = resumeBytesTotalMax { l.resumeBytesTotalMax = max(0, v) }
        if let v = resumeRetainMillis { l.retainMillis = max(0, v) }
        if let v = offlineGraceMillis { l.offlineGraceMillis = max(0, v) }
        return l
    }

    /// A value of a Mattermost configuration field in the configuration file.
    enum MattermostSettingValue: Codable, Sendable {
        case bool(Bool), int(Int64), string(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b); return }
            if let i = try? c.decode(Int64.self) { self = .int(i); return }
            self = .string(try c.decode(String.self))
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .bool(let b): try c.encode(b)
            case .int(let i): try c.encode(i)
            case .string(let s): try c.encode(s)
            }
        }
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(path: String?) throws -> ServerSettings {
        guard let path else { return ServerSettings() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read the configuration file \(path)")
        }
        let settings: ServerSettings
        do {
            settings = try JSONDecoder().decode(ServerSettings.self, from: data)
        } catch {
            throw LoadError(description: "the configuration file \(path) is not valid: \(error)")
        }
        do {
            _ = try settings.durabilityConfiguration()
        } catch {
            throw LoadError(description: "the configuration file \(path) is not valid: \(error)")
        }
        return settings
    }

    /// The engine's configuration; throws `LoadError` or the engine's own validation error.
    func durabilityConfiguration() throws -> DurabilityConfiguration {
        var d = DurabilityConfiguration()
        if let v = durabilityPolicy {
            guard let policy = DurabilityConfiguration.Policy(rawValue: v) else {
                throw LoadError(description: "durabilityPolicy must be durable, relaxed or memory, not \"\(v)\"")
            }
            d.policy = policy
        }
        if let v = snapshotEveryRecords { d.snapshotEveryRecords = v }
        if let v = snapshotEveryMinutes {
            guard v > 0, v <= Int64.max / 60_000 else { throw LoadError(description: "snapshotEveryMinutes must be positive") }
            d.snapshotEveryMillis = v * 60_000
        }
        if let v = archiveRetentionMinutes {
            guard v >= 0, v <= Int64.max / 60_000 else { throw LoadError(description: "archiveRetentionMinutes must be 0 or more") }
            d.archiveRetentionMillis = v * 60_000
        }
        try d.validate()
        return d
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
