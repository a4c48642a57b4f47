import Synchronization

/// Makes (or completes) a `Population` through the public REST API, as a person with the web app would:
/// sign up, log in, create a team and a public channel, add everyone to both. Every step tolerates what an earlier,
/// interrupted run left behind (an existing user, team or channel is looked up and used).
struct PopulationBuilder {
    let pool: RESTPool

    /// `users` members; those of `existing` are kept and only the missing ones are made.
    func build(users: Int, existing: Population?) throws -> Population {
        var population: Population
        if let existing {
            population = existing
        } else {
            let admin = try member(0, client: pool.first)
            let teamID = try team(Population.teamName, token: admin.token)
            let channelID = try channel(teamID: teamID, name: Population.channelName, type: "O", token: admin.token)
            population = Population(teamID: teamID, channelID: channelID, users: [admin])
        }
        guard population.users.count < users else { return population }
        let first = population.users.count
        let made = Mutex([Population.Member?](repeating: nil, count: users - first))
        try pool.forEach(users - first, label: "population: sign-up and login") { client, i in
            let m = try member(first + i, client: client)
            made.withLock { $0[i] = m }
        }
        let members = made.withLock { $0.compactMap { $0 } }
        let (admin, teamID, channelID) = (population.users[0].token, population.teamID, population.channelID)
        try pool.forEach(members.count, label: "population: team members") { client, i in
            let r = try client.request("POST", "/api/v4/teams/\(teamID)/members", token: admin,
                                       json: ["team_id": teamID, "user_id": members[i].id])
            guard r.status == 201 || r.status == 200 else { throw LoadError("add to team: HTTP \(r.status) \(r.errorID)") }
        }
        try pool.forEach(members.count, label: "population: channel members") { client, i in
            let r = try client.request("POST", "/api/v4/channels/\(channelID)/members", token: admin,
                                       json: ["user_id": members[i].id])
            guard r.status == 201 || r.status == 200 else { throw LoadError("add to channel: HTTP \(r.status) \(r.errorID)") }
        }
        population.users += members
        return population
    }

    /// Signs user `index` up (unless it exists) and logs in.
    private func member(_ index: Int, client: RESTClient) throws -> Population.Member {
        try member(named: Population.username(index), client: client)
    }

    /// Signs `name` up (unless it exists) and logs in.
    func member(named name: String, client: RESTClient) throws -> Population.Member {
        let signUp = try client.request("POST", "/api/v4/users",
                                        json: ["username": name, "email": "\(name)@example.com", "password": Population.password])
        guard signUp.status == 201 || signUp.status == 400 else {
            throw LoadError("sign-up of \(name): HTTP \(signUp.status) \(signUp.errorID)")
        }
        let login = try client.request("POST", "/api/v4/users/login", json: ["login_id": name, "password": Population.password])
        guard login.status == 200, let token = login.token, let id = login.object["id"] as? String else {
            let why = signUp.status == 400 ? " (sign-up said \(signUp.errorID))" : ""
            throw LoadError("login of \(name): HTTP \(login.status) \(login.errorID)\(why)")
        }
        return Population.Member(id: id, username: name, token: token)
    }

    /// Creates the open team `name`, or finds it when an earlier run did.
    func team(_ name: String, token: String) throws -> String {
        let client = pool.first
        let created = try client.request("POST", "/api/v4/teams", token: token,
                                         json: ["name": name, "display_name": name, "type": "O"])
        if created.status == 201, let id = created.object["id"] as? String { return id }
        let found = try client.request("GET", "/api/v4/teams/name/\(name)", token: token)
        guard found.status == 200, let id = found.object["id"] as? String else {
            throw LoadError("create team: HTTP \(created.status) \(created.errorID)")
        }
        return id
    }

    /// Creates channel `name` (`type` "O" or "P") in the team, or finds it when it exists (an earlier run, or a
    /// team's town-square).
    func channel(teamID: String, name: String, type: String, token: String, client: RESTClient? = nil) throws -> String {
        let client = client ?? pool.first
        let created = try client.request("POST", "/api/v4/channels", token: token,
                                         json: ["team_id": teamID, "name": name, "display_name": name, "type": type])
        if created.status == 201, let id = created.object["id"] as? String { return id }
        let found = try client.request("GET", "/api/v4/teams/\(teamID)/channels/name/\(name)", token: token)
        guard found.status == 200, let id = found.object["id"] as? String else {
            throw LoadError("create channel: HTTP \(created.status) \(created.errorID)")
        }
        return id
    }
}
