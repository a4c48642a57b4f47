import Snapshot

/// Binary forms of the directory and team states for snapshots, written as length-prefixed blobs of about
/// `blobBytesMax` each, so a snapshot streams instead of building one second copy of the state.
enum StateCodec {
    static let blobBytesMax = 256 << 10
    static let endMarker: UInt32 = 0xD1EC7

    static func flush(_ w: inout ByteWriter, to out: inout SnapshotWriter) throws {
        try out.write(lengthPrefixed: w.bytes)
        w = ByteWriter(capacity: blobBytesMax)
    }

    static func blob(_ r: inout SnapshotReader) throws -> ByteReader {
        ByteReader(try r.readLengthPrefixedBytes())
    }

    // MARK: Directory

    static func write(_ s: DirectoryState, to out: inout SnapshotWriter) throws {
        var w = ByteWriter(capacity: blobBytesMax)
        w.write(s.appliedLSN)
        s.roles.encode(into: &w)
        w.write(UInt32(s.users.count))
        for u in s.users.values {
            if w.bytes.count > blobBytesMax { try flush(&w, to: &out) }
            w.write(u)
        }
        w.write(UInt32(s.sessions.count))
        for session in s.sessions.values {
            if w.bytes.count > blobBytesMax { try flush(&w, to: &out) }
            w.write(session)
        }
        w.write(UInt32(s.preferences.count))
        for (user, prefs) in s.preferences {
            if w.bytes.count > blobBytesMax { try flush(&w, to: &out) }
            w.write(user); w.write(UInt32(prefs.count))
            for (k, v) in prefs { w.write(k.category); w.write(k.name); w.write(v) }
        }
        w.write(UInt32(s.statuses.count))
        for st in s.statuses.values { StatusSet(status: st).encode(into: &w) }
        writeIndex(s.teamByName, &w); writeIDIndex(s.teamByInvite, &w); writeIndex(s.channelByDirectName, &w)
        writeSets(s.teamsOf, &w); writeSets(s.channelsOf, &w)
        w.write(lengthPrefixed: s.configJSON)
        w.write(endMarker)
        try flush(&w, to: &out)
    }

    /// Reads what `write(_: DirectoryState…)` wrote; an element never spans two blobs.
    static func readDirectory(_ r: inout SnapshotReader) throws -> DirectoryState {
        var s = DirectoryState()
        var b = try blob(&r)
        func next() throws { if b.isAtEnd { b = try blob(&r) } }
        s.appliedLSN = try b.read(UInt64.self)
        s.roles = try RoleTable(from: &b)
        for _ in 0..<(try b.read(UInt32.self)) { try next(); s.put(try b.readUser()) }
        for _ in 0..<(try b.read(UInt32.self)) { try next(); s.addSession(try b.readSession()) }
        for _ in 0..<(try b.read(UInt32.self)) {
            try next()
            let user = try b.readID()
            var prefs: [PreferenceKey: String] = [:]
            for _ in 0..<(try b.read(UInt32.self)) {
                prefs[PreferenceKey(category: try b.readString(), name: try b.readString())] = try b.readString()
            }
            s.preferences[user] = prefs
        }
        for _ in 0..<(try b.read(UInt32.self)) { let st = try StatusSet(from: &b).status; s.statuses[st.userID] = st }
        s.teamByName = try readIndex(&b); s.teamByInvite = try readIDIndex(&b); s.channelByDirectName = try readIndex(&b)
        s.teamsOf = try readSets(&b); s.channelsOf = try readSets(&b)
        s.configJSON = try b.readBytes()
        guard try b.read(UInt32.self) == endMarker, b.isAtEnd else { throw ChatError.corruptRecord("directory section end") }
        return s
    }

    // MARK: Teams

    static func write(_ s: TeamState, to out: inout SnapshotWriter) throws {
        var w = ByteWriter(capacity: 4096)
        w.write(s.id); w.write(s.appliedLSN); w.write(s.team != nil)
        if let t = s.team { w.write(t) }
        w.write(UInt32(s.members.count))
        for m in s.members.values { w.write(m) }
        writeIndex(s.channelsByName, &w)
        w.write(s.townSquareID); w.write(s.offTopicID)
        try flush(&w, to: &out)
    }

    static func readTeam(_ r: inout SnapshotReader) throws -> TeamState {
        var b = try blob(&r)
        var s = TeamState(id: try b.readID())
        s.appliedLSN = try b.read(UInt64.self)
        if try b.readBool() { s.team = try b.readTeam() }
        for _ in 0..<(try b.read(UInt32.self)) { let m = try b.readTeamMember(); s.members[m.userID] = m }
        s.channelsByName = try readIndex(&b)
        s.townSquareID = try b.readID(); s.offTopicID = try b.readID()
        guard b.isAtEnd else { throw ChatError.corruptRecord("team section has trailing bytes") }
        return s
    }

    // MARK: Index helpers

    static func writeIndex(_ map: [String: ID], _ w: inout ByteWriter) {
        w.write(UInt32(map.count))
        for (k, v) in map { w.write(k); w.write(v) }
    }

    static func readIndex(_ r: inout ByteReader) throws(ChatError) -> [String: ID] {
        var map: [String: ID] = [:]
        for _ in 0..<(try r.read(UInt32.self)) { let k = try r.readString(); map[k] = try r.readID() }
        return map
    }

    static func writeIDIndex(_ map: [ID: ID], _ w: inout ByteWriter) {
        w.write(UInt32(map.count))
        for (k, v) in map { w.write(k); w.write(v) }
    }

    static func readIDIndex(_ r: inout ByteReader) throws(ChatError) -> [ID: ID] {
        var map: [ID: ID] = [:]
        for _ in 0..<(try r.read(UInt32.self)) { let k = try r.readID(); map[k] = try r.readID() }
        return map
    }

    static func writeSets(_ map: [ID: Set<ID>], _ w: inout ByteWriter) {
        w.write(UInt32(map.count))
        for (k, v) in map { w.write(k); w.write(v.sorted()) }
    }

    static func readSets(_ r: inout ByteReader) throws(ChatError) -> [ID: Set<ID>] {
        var map: [ID: Set<ID>] = [:]
        for _ in 0..<(try r.read(UInt32.self)) { let k = try r.readID(); map[k] = Set(try r.readIDs()) }
        return map
    }
}
