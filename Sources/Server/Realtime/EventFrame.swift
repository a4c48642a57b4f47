import Actors

/// One event encoded once for every recipient (DESIGN.md §2): the JSON up to the `mentions` hole (`head`), the
/// rest up to the `seq` value (`tail`); a recipient's frame is head + its mention (only when it is mentioned) +
/// tail + its seq + `}`. At most two audience variants: the sanitised one and the one system admins get.
final class EventFrame: Sendable {
    struct Variant: Sendable {
        let head: [UInt8]
        let tail: [UInt8]
    }

    let name: ChatEvent.Name
    let isEphemeral: Bool
    let general: Variant
    let admin: Variant?
    let mentioned: Set<ID>
    let omitUser: ID?

    init(name: ChatEvent.Name, isEphemeral: Bool, general: Variant, admin: Variant?, mentioned: Set<ID>, omitUser: ID?) {
        self.name = name
        self.isEphemeral = isEphemeral
        self.general = general
        self.admin = admin
        self.mentioned = mentioned
        self.omitUser = omitUser
    }

    /// `"mentions":"[\"<26 chars>\"]",`
    static let mentionOpen = Array(#""mentions":"[\""#.utf8)
    static let mentionClose = Array(#"\"]","#.utf8)
    static let mentionBytes = mentionOpen.count + 26 + mentionClose.count

    func variant(admin isAdmin: Bool) -> Variant { isAdmin ? (admin ?? general) : general }

    func payloadLength(seq: Int64, mentioned isMentioned: Bool, admin isAdmin: Bool) -> Int {
        let v = variant(admin: isAdmin)
        return v.head.count + (isMentioned ? Self.mentionBytes : 0) + v.tail.count + Self.digits(seq) + 1
    }

    func write(seq: Int64, mentionedUser: ID?, admin isAdmin: Bool, into out: inout [UInt8]) {
        let v = variant(admin: isAdmin)
        out.append(contentsOf: v.head)
        if let user = mentionedUser {
            out.append(contentsOf: Self.mentionOpen)
            out.append(contentsOf: user.description.utf8)
            out.append(contentsOf: Self.mentionClose)
        }
        out.append(contentsOf: v.tail)
        Self.appendDecimal(seq, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    func isMentioned(_ user: ID) -> Bool { !mentioned.isEmpty && mentioned.contains(user) }

    static func digits(_ n: Int64) -> Int {
        var n = n, d = 1
        while n >= 10 { n /= 10; d += 1 }
        return d
    }

    static func appendDecimal(_ n: Int64, into out: inout [UInt8]) {
        precondition(n >= 0, "negative seq \(n)")
        let count = digits(n)
        let end = out.count + count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var n = n, i = end - 1
        while n > 0 { out[i] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10; i -= 1 }
    }
}
