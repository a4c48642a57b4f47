import Actors
import ArgumentParser
import Logging

// The chat side of `serve`: the hashing pool, and the configuration (stored by `PUT /config`, overridden by the
// `mattermost` section of `--config`).
extension ServeCommand {
    /// Returns the context and the lines to log once `listening` is out (the first line must stay that one).
    func makeChat(_ session: DurabilitySession, settings: ServerSettings) throws -> (ChatContext, [String]) {
        var notes: [String] = []
        let runtime = session.components.runtime
        var config = ChatConfig()
        let stored = (try? BlockingBridge.run { try await runtime.directory.configJSON() }) ?? []
        if !stored.isEmpty, let value = try? JSONParser.parse(stored), let parsed = try? ChatConfig.parse(value) {
            config = parsed
        }
        if let overrides = settings.mattermost {
            var tree = config.json().object ?? [:]
            for (section, fields) in overrides {
                var s = tree[section]?.object ?? [:]
                for (field, value) in fields {
                    switch value {
                    case .bool(let b): s[field] = .bool(b)
                    case .int(let i): s[field] = .int(i)
                    case .string(let t): s[field] = .string(t)
                    }
                    notes.append("configuration override from \(self.config ?? "--config"): \(section).\(field)")
                }
                tree[section] = .object(s)
            }
            do {
                config = try ChatConfig.parse(.object(tree))
            } catch {
                throw ValidationError("the mattermost section of the configuration file is not valid: \(error)")
            }
        }
        let iterations = settings.passwordHashIterations ?? 600_000
        guard iterations >= PasswordHasher.iterationsMin else { throw ValidationError("passwordHashIterations must be positive") }
        let pool = HashingPool(threads: max(1, settings.passwordHashThreads ?? 2),
                               queueCapacity: max(1, settings.passwordHashQueueMax ?? 256),
                               hasher: PasswordHasher(iterations: iterations))
        let chat = ChatContext(runtime: runtime, hashing: pool,
                               config: ConfigStore(config, settings: runtime.settings, presence: runtime.presence),
                               limits: settings.realtimeLimits)
        try BlockingBridge.run { await chat.hub.start() }
        return (chat, notes)
    }
}
