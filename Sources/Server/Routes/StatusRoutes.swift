import Actors
import Net

/// Statuses: manual ones are stored; everyone else reads as offline until live presence arrives.
enum StatusRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/users/{user_id}/status") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                let status = try await statuses([id], chat)[0]
                return Reply.json { $0.status(status) }
            }
        }
        r.add("PUT", "/api/v4/users/{user_id}/status") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                let id = try c.idParameter("user_id", me: auth.userID)
                let body = try c.jsonObject()
                guard let value = body["status"]?.string else { throw AppError.invalidBody("status") }
                if let uid = body["user_id"]?.string, uid != id.description { throw AppError.invalidBody("user_id") }
                let status = try await chat.directory.setStatus(of: id, value, dndEndTime: body["dnd_end_time"]?.int64 ?? 0,
                                                                by: auth.caller)
                return Reply.json { $0.status(status) }
            }
        }
        r.add("POST", "/api/v4/users/status/ids") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                guard let list = try c.json().array, list.count <= 1000 else { throw AppError.invalidBody("user ids") }
                let found = try await statuses(list.compactMap { $0.string.flatMap(ID.init) }, chat)
                return Reply.json { w in w.beginArray(); for s in found { w.status(s) }; w.endArray() }
            }
        }
    }

    /// One status per id: the live presence (a manual status wins over it), with the stored manual flag, DND end
    /// time and activity; a DND whose end time passed returns the user to automatic tracking.
    static func statuses(_ ids: [ID], _ chat: ChatContext) async throws -> [Status] {
        let stored = try await chat.directory.storedStatuses(ids)
        let presence = chat.runtime.presence
        let nowSeconds = chat.runtime.clock.nowMillis() / 1000
        return ids.map { id in
            var s = stored[id] ?? Status(userID: id, status: "offline", manual: false, lastActivityAt: 0)
            if s.manual, s.status == "dnd", s.dndEndTime > 0, s.dndEndTime <= nowSeconds { presence.setManual(id, nil) }
            s.status = presence.status(of: id)
            s.manual = presence.isManual(id)
            if s.status != "dnd" { s.dndEndTime = 0 }
            return s
        }
    }
}
