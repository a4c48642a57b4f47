import Net

/// The inputs the parser benchmarks feed: what a browser running the Mattermost webapp really sends.
enum Workload {
    /// A GET the webapp sends after login, with the headers Chrome adds (a client hint included) and the three
    /// Mattermost cookies: 600-odd bytes, of which the cookie and user agent are the bulk.
    static let request: [UInt8] = Array(
        ("GET /api/v4/users/me/teams/unread?include_collapsed_threads=true HTTP/1.1\r\n"
            + "Host: chat.example.com\r\n"
            + "Connection: keep-alive\r\n"
            + "sec-ch-ua: \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"\r\n"
            + "X-Requested-With: XMLHttpRequest\r\n"
            + "Accept-Language: en\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36\r\n"
            + "X-CSRF-Token: 9xkq3w7r1bf8tmz5y4h6cn2pda\r\n"
            + "Accept: */*\r\n"
            + "Referer: https://chat.example.com/main/channels/town-square\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Cookie: MMAUTHTOKEN=u8c1gq5xkbn3ymz7ts4rwe9hfa; MMUSERID=4p6xq9sbhj3rmd1tkz8ewc5nyo; "
            + "MMCSRF=9xkq3w7r1bf8tmz5y4h6cn2pda\r\n"
            + "\r\n").utf8)

    /// A 1 KiB text message as a client sends it: JSON like a typing or post event, masked as RFC 6455 requires.
    static let textPayload: [UInt8] = {
        let prefix = #"{"action":"user_typing","seq":42,"data":{"channel_id":"4p6xq9sbhj3rmd1tkz8ewc5nyo","text":""#
        let suffix = #""}}"#
        let fill = 1024 - prefix.utf8.count - suffix.utf8.count
        let body = String(repeating: "lorem ipsum dolor sit amet ", count: fill / 27 + 1).prefix(fill)
        let text = prefix + body + suffix
        precondition(text.utf8.count == 1024, "payload is \(text.utf8.count) bytes")
        return Array(text.utf8)
    }()

    static func maskedFrame(maskKey: UInt32 = 0x3A5C_96E1) -> [UInt8] {
        var out: [UInt8] = []
        textPayload.withUnsafeBytes {
            WebSocketFrameEncoder.encodeMasked(.text, payload: $0, maskKey: maskKey, into: &out)
        }
        return out
    }

    static func repeated(_ bytes: [UInt8], _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * count)
        for _ in 0..<count { out.append(contentsOf: bytes) }
        return out
    }
}
