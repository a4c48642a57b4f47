import Actors

/// One event encoded once for every recipient (DESIGN.md §2): the JSON up to the `mentions` hole (`head`), the
/// rest up to the `seq` value (`tail`); a recipient's frame is head + its mention (only when it is mentioned) +
/// tail + its seq + `}`. At most two audience variants: the sanitised one and the one system admins get.
final class EventFrame: @unchecked Sendable {
    struct Variant: Sendable {
        let head: [UInt8]
        let tail: [UInt8]
    }

    /// Where a variant's two parts sit in `storage`.
    private struct Parts {
        let head: UnsafeRawBufferPointer
        let tail: UnsafeRawBufferPointer
        var fixedBytes: Int { head.count + tail.count }
    }

    let name: ChatEvent.Name
    let isEphemeral: Bool
    let mentioned: Set<ID>
    let omitUser: ID?
    /// Both variants in one immutable allocation, read through raw pointers: filling a recipient's frame then
    /// costs two copies and no reference counting.
    private let storage: UnsafeMutableRawBufferPointer
    private let general: Parts
    private let admin: Parts

    init(name: ChatEvent.Name, isEphemeral: Bool, general g: Variant, admin a: Variant?, mentioned: Set<ID>, omitUser: ID?) {
        self.name = name
        self.isEphemeral = isEphemeral
        self.mentioned = mentioned
        self.omitUser = omitUser
        let a = a ?? g
        let pieces = [g.head, g.tail, a.head, a.tail]
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, pieces.reduce(0) { $0 + $1.count }), alignment: 8)
        var at = 0
        var placed: [UnsafeRawBufferPointer] = []
        for piece in pieces {
            piece.withUnsafeBytes { src in
                if let base = src.baseAddress { (memory.baseAddress! + at).copyMemory(from: base, byteCount: src.count) }
            }
            placed.append(UnsafeRawBufferPointer(start: memory.baseAddress! + at, count: piece.count))
            at += piece.count
        }
        storage = memory
        general = Parts(head: placed[0], tail: placed[1])
        admin = Parts(head: placed[2], tail: placed[3])
    }

    deinit { storage.deallocate() }

    /// `"mentions":"[\"<26 chars>\"]",`
    static let mentionOpen = Array(#""mentions":"[\""#.utf8)
    static let mentionClose = Array(#"\"]","#.utf8)
    static let mentionBytes = mentionOpen.count + 26 + mentionClose.count

    @inline(__always)
    private func parts(admin isAdmin: Bool) -> Parts { isAdmin ? admin : general }

    func payloadLength(seq: Int64, mentioned isMentioned: Bool, admin isAdmin: Bool) -> Int {
        parts(admin: isAdmin).fixedBytes + (isMentioned ? Self.mentionBytes : 0) + Self.digits(seq) + 1
    }

    /// Fills `out` (exactly `payloadLength` bytes) with this recipient's frame payload.
    func write(seq: Int64, mentionedUser: ID?, admin isAdmin: Bool, into out: UnsafeMutableRawBufferPointer) {
        let v = parts(admin: isAdmin)
        let base = out.baseAddress!
        var at = 0
        @inline(__always) func put(_ bytes: UnsafeRawBufferPointer) {
            if let src = bytes.baseAddress { (base + at).copyMemory(from: src, byteCount: bytes.count) }
            at += bytes.count
        }
        put(v.head)
        if let user = mentionedUser {
            Self.mentionOpen.withUnsafeBytes { put($0) }
            for byte in user.description.utf8 { out[at] = byte; at += 1 }
            Self.mentionClose.withUnsafeBytes { put($0) }
        }
        put(v.tail)
        var n = seq
        let digits = Self.digits(seq)
        var k = at + digits - 1
        while k >= at { base.storeBytes(of: UInt8(ascii: "0") + UInt8(n % 10), toByteOffset: k, as: UInt8.self); n /= 10; k -= 1 }
        at += digits
        precondition(at < out.count, "event frame overflows its \(out.count) bytes")
        base.storeBytes(of: UInt8(ascii: "}"), toByteOffset: at, as: UInt8.self)
        at += 1
        precondition(at == out.count, "event frame wrote \(at) of \(out.count) bytes")
    }

    /// The same payload as a new array (tests, and the rare hand-over to another loop).
    func bytes(seq: Int64, mentionedUser: ID?, admin isAdmin: Bool) -> [UInt8] {
        let count = payloadLength(seq: seq, mentioned: mentionedUser != nil, admin: isAdmin)
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            write(seq: seq, mentionedUser: mentionedUser, admin: isAdmin, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    func isMentioned(_ user: ID) -> Bool { !mentioned.isEmpty && mentioned.contains(user) }

    static func digits(_ n: Int64) -> Int {
        var n = n, d = 1
        while n >= 10 { n /= 10; d += 1 }
        return d
    }

}
