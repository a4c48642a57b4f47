/// The few ids a simulated user needs from a reply, found in its bytes without a JSON parse (the generator shares
/// the server's two cores): a created object's id, and the oldest and newest posts of a PostList page. Messages inside a
/// Post are JSON strings, so their quotes are escaped and cannot match these patterns.
enum ResponseIDs {
    static let idBytes = 26

    /// The value of the first `"id":"…"`: a Post's or a Channel's own id, which Parley writes first.
    static func firstID(_ body: UnsafeRawBufferPointer) -> String? {
        guard let at = ByteSearch.find("\"id\":\"", in: body) else { return nil }
        return id(body, at: at + 6)
    }

    /// The last id of a PostList's `order` (newest first, so the oldest post on the page); nil for an empty page.
    static func oldestInOrder(_ body: UnsafeRawBufferPointer) -> String? {
        guard let start = ByteSearch.find("\"order\":[", in: body) else { return nil }
        guard let close = body[(start + 9)...].firstIndex(of: UInt8(ascii: "]")),
              close - (start + 9) >= idBytes + 2, body[close - 1] == UInt8(ascii: "\"") else { return nil }
        return id(body, at: close - 1 - idBytes)
    }

    /// The first id of a PostList's `order`: the newest post on the page; nil for an empty page.
    static func newestInOrder(_ body: UnsafeRawBufferPointer) -> String? {
        guard let start = ByteSearch.find("\"order\":[\"", in: body) else { return nil }
        return id(body, at: start + 10)
    }

    private static func id(_ body: UnsafeRawBufferPointer, at offset: Int) -> String? {
        guard offset >= 0, offset + idBytes <= body.count else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: body[offset..<(offset + idBytes)])
        guard bytes.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
