/// The time stamp every published message carries, so a receiver can tell post → delivery latency from the bytes
/// alone: the message text begins `pl:<sender index>:<monotonic nanos>:` and is padded to its size. In a `posted`
/// event it sits inside the escaped Post JSON string, which never escapes these characters, so a byte search for
/// the marker finds it without parsing any JSON.
struct SendStamp: Equatable, Sendable {
    var sender: Int
    var sentNanos: UInt64

    /// The letters the padding is made of: lowercase words and spaces, nothing JSON or Markdown would touch, no
    /// `@` (a mention would change the event) and no digit (so the stamp's numbers end where they should).
    static let padding: [UInt8] = Array("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod ".utf8)

    /// Appends the stamp and padding, `totalBytes` in all (only the stamp when it alone is longer).
    func append(totalBytes: Int, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: "pl:".utf8)
        appendDecimal(UInt64(sender), to: &out)
        out.append(UInt8(ascii: ":"))
        appendDecimal(sentNanos, to: &out)
        out.append(UInt8(ascii: ":"))
        var i = 0
        while out.count - start < totalBytes {
            out.append(Self.padding[i % Self.padding.count])
            i += 1
        }
    }

    /// Appends a peer's payload for message `index` of `senders`: exactly `payloadBytes`, as Parley's frame was.
    static func appendPayload(index: Int, senders: Int, now: UInt64, payloadBytes: Int, to out: inout [UInt8]) {
        let start = out.count
        SendStamp(sender: index % senders, sentNanos: now).append(totalBytes: payloadBytes, to: &out)
        precondition(out.count - start == payloadBytes, "payload of \(out.count - start) bytes, not \(payloadBytes)")
    }

    /// Finds the stamp, looking first where it was in the previous message (`hint`, updated): messages of one
    /// run have one shape, so the search costs the same few bytes for Parley's frames (stamp deep inside the post
    /// JSON) as for Redis's payloads (stamp in front), and the generator's own cost does not favour either.
    static func find(in bytes: UnsafeRawBufferPointer, hint: inout Int) -> SendStamp? {
        if hint >= 0, hint + 3 <= bytes.count, bytes[hint] == UInt8(ascii: "p"), bytes[hint + 1] == UInt8(ascii: "l"),
           bytes[hint + 2] == UInt8(ascii: ":"), let stamp = parse(bytes, at: hint) {
            return stamp
        }
        var from = 0
        while let at = ByteSearch.find("pl:", in: bytes, from: from) {
            from = at + 3
            if let stamp = parse(bytes, at: at) {
                hint = at
                return stamp
            }
        }
        return nil
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, at: Int) -> SendStamp? {
        guard let sender = ByteSearch.decimal(in: bytes, at: at + 3), sender.end < bytes.count,
              bytes[sender.end] == UInt8(ascii: ":"),
              let nanos = ByteSearch.decimal(in: bytes, at: sender.end + 1), nanos.end < bytes.count,
              bytes[nanos.end] == UInt8(ascii: ":") else { return nil }
        return SendStamp(sender: Int(sender.value), sentNanos: nanos.value)
    }

    /// Finds the first stamp in `bytes`; nil when there is none or it is malformed.
    static func find(in bytes: UnsafeRawBufferPointer) -> SendStamp? {
        var from = 0
        while let at = ByteSearch.find("pl:", in: bytes, from: from) {
            from = at + 3
            guard let sender = ByteSearch.decimal(in: bytes, at: at + 3), sender.end < bytes.count,
                  bytes[sender.end] == UInt8(ascii: ":"),
                  let nanos = ByteSearch.decimal(in: bytes, at: sender.end + 1), nanos.end < bytes.count,
                  bytes[nanos.end] == UInt8(ascii: ":") else { continue }
            return SendStamp(sender: Int(sender.value), sentNanos: nanos.value)
        }
        return nil
    }

    private func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }
}
