import Synchronization

/// Makes a `MixPopulation` through the public REST API, as an admin with the web app would: sign everyone up and
/// log them in, raise `TeamSettings.MaxUsersPerTeam` (and `MaxChannelsPerTeam`) through `GET/PUT /config` when
/// the plan needs more, create the teams and channels, add the members, open the DMs and GMs, and seed a few
/// posts per channel. Logins are saved to `statePath` as soon as they exist; every step tolerates what an
/// interrupted run left behind.
struct MixPopulationBuilder {
    let pool: RESTPool
    let statePath: String?

    func build(_ shape: MixShape, existing: MixPopulation?) throws -> MixPopulation {
        if let existing, existing.complete, existing.shape == shape, existing.users.count == shape.users { return existing }
        var random = SplitMix64(state: shape.seed)
        let plan = MixPlan(shape, random: &random)
        let people = PopulationBuilder(pool: pool)
        let admin = try existing?.admin ?? people.member(named: MixPopulation.adminName, client: pool.first)
        var population = MixPopulation(shape: shape, admin: admin, users: try logins(shape.users, existing: existing))
        try statePath.map(population.save)
        try raiseLimits(plan, token: admin.token)
        population.teamIDs = try (0..<shape.teams).map { try people.team("mix-team-\($0)", token: admin.token) }
        try joinTeams(plan, population)
        population.channels = try channels(plan, population)
        try addMembers(plan, population)
        try seedPosts(population, random: &random)
        population.complete = true
        try statePath.map(population.save)
        return population
    }

    /// Everyone's login: those in `existing` are kept (no sign-up, no login), the rest made.
    private func logins(_ count: Int, existing: MixPopulation?) throws -> [Population.Member] {
        let kept = Array((existing?.users ?? []).prefix(count))
        guard kept.count < count else { return kept }
        let made = Mutex([Population.Member?](repeating: nil, count: count - kept.count))
        let people = PopulationBuilder(pool: pool)
        try pool.forEach(count - kept.count, label: "population: sign-up and login") { client, i in
            let m = try people.member(named: MixPopulation.username(kept.count + i), client: client)
            made.withLock { $0[i] = m }
        }
        return kept + made.withLock { $0.compactMap { $0 } }
    }

    /// Raises the per-team limits the plan would pass, keeping every other setting as the server has it.
    private func raiseLimits(_ plan: MixPlan, token: String) throws {
        let got = try pool.first.request("GET", "/api/v4/config", token: token)
        guard got.status == 200, var config = got.object["TeamSettings"] as? [String: Any] else {
            throw LoadError("GET /api/v4/config: HTTP \(got.status) \(got.errorID) (is \(MixPopulation.adminName) the system admin?)")
        }
        let usersNeeded = (plan.teams.map(\.count).max() ?? 0) + 1
        let channelsNeeded = Dictionary(grouping: plan.channels.compactMap(\.team), by: { $0 }).values.map(\.count).max() ?? 0
        var changed = false
        for (field, needed) in [("MaxUsersPerTeam", usersNeeded), ("MaxChannelsPerTeam", channelsNeeded + 2)] {
            guard (config[field] as? Int ?? 0) < needed else { continue }
            Log.progress("population: raising TeamSettings.\(field) to \(needed)")
            config[field] = needed
            changed = true
        }
        guard changed else { return }
        var whole = got.object
        whole["TeamSettings"] = config
        let put = try pool.first.request("PUT", "/api/v4/config", token: token, json: whole)
        guard put.status == 200 else { throw LoadError("PUT /api/v4/config: HTTP \(put.status) \(put.errorID)") }
    }

    private func joinTeams(_ plan: MixPlan, _ p: MixPopulation) throws {
        let joins = plan.teams.enumerated().flatMap { t, members in members.map { (t, $0) } }
        try pool.forEach(joins.count, label: "population: team members") { client, i in
            let (team, user) = joins[i]
            try Self.expect(201, "add to team", try client.request("POST", "/api/v4/teams/\(p.teamIDs[team])/members",
                token: p.admin.token, json: ["team_id": p.teamIDs[team], "user_id": p.users[user].id]))
        }
    }

    /// Every planned channel's id: team channels made by the admin (the defaults looked up), DMs and GMs opened
    /// by their first member.
    private func channels(_ plan: MixPlan, _ p: MixPopulation) throws -> [MixPopulation.Channel] {
        let ids = Mutex([String](repeating: "", count: plan.channels.count))
        let people = PopulationBuilder(pool: pool)
        try pool.forEach(plan.channels.count, label: "population: channels, DMs and GMs") { client, i in
            let c = plan.channels[i]
            let id: String
            switch c.kind {
            case .open, .privateGroup:
                id = try people.channel(teamID: p.teamIDs[c.team!], name: c.name!, type: c.kind.rawValue,
                                        token: p.admin.token, client: client)
            case .direct, .group:
                let path = c.kind == .direct ? "/api/v4/channels/direct" : "/api/v4/channels/group"
                let r = try client.request("POST", path, token: p.users[c.members[0]].token,
                                           json: c.members.map { p.users[$0].id })
                try Self.expect(201, "open \(c.kind == .direct ? "DM" : "GM")", r)
                guard let found = r.object["id"] as? String else { throw LoadError("\(path): no id in the reply") }
                id = found
            }
            ids.withLock { $0[i] = id }
        }
        let found = ids.withLock { $0 }
        return plan.channels.enumerated().map { i, c in MixPopulation.Channel(id: found[i], kind: c.kind, team: c.team, members: c.members) }
    }

    /// Adds the members of every made team channel (the defaults filled themselves when users joined the team).
    private func addMembers(_ plan: MixPlan, _ p: MixPopulation) throws {
        let adds = plan.channels.enumerated().flatMap { i, c -> [(Int, Int)] in
            guard c.kind == .open || c.kind == .privateGroup, c.name != "town-square", c.name != "off-topic" else { return [] }
            return c.members.map { (i, $0) }
        }
        try pool.forEach(adds.count, label: "population: channel members") { client, k in
            let (channel, user) = adds[k]
            try Self.expect(201, "add to channel", try client.request("POST", "/api/v4/channels/\(p.channels[channel].id)/members",
                token: p.admin.token, json: ["user_id": p.users[user].id]))
        }
    }

    /// `postsPerChannel` posts in every channel by random members, so the first page and a scroll have posts.
    private func seedPosts(_ p: MixPopulation, random: inout SplitMix64) throws {
        let perChannel = p.shape.postsPerChannel
        let authors = p.channels.flatMap { c in (0..<perChannel).map { _ in c.members[Int(random.next() % UInt64(c.members.count))] } }
        try pool.forEach(authors.count, label: "population: posts") { client, k in
            let channel = p.channels[k / perChannel]
            try Self.expect(201, "seed post", try client.request("POST", "/api/v4/posts", token: p.users[authors[k]].token,
                json: ["channel_id": channel.id, "message": "seed post \(k % perChannel) of this channel"]))
        }
    }

    static func expect(_ status: Int, _ what: String, _ r: RESTClient.Response) throws {
        guard r.status == status || r.status == 200 else { throw LoadError("\(what): HTTP \(r.status) \(r.errorID)") }
    }
}
