/// Incremental UTF-8 validation (RFC 3629) for text messages that arrive in pieces.
///
/// It is a small deterministic automaton: each state says which byte range the next byte must fall in, so an
/// invalid prefix is rejected at its first impossible byte even when the message is still incomplete. That
/// lets the parser refuse a bad text frame with 1007 before buffering the rest of it. Overlong forms, UTF-16
/// surrogates (U+D800–U+DFFF) and scalars above U+10FFFF are rejected, as the Unicode standard's Table 3-7
/// requires.
public struct UTF8Validator: Sendable {
    /// What the next byte must be. The names give the continuation bytes still expected and, for the
    /// states after a lead byte with special second-byte limits, the lead byte that imposed them.
    private enum State: UInt8, Sendable {
        case start           // between characters
        case tail1           // one more continuation byte, 80–BF
        case tail2           // two more, the next 80–BF
        case tail3           // three more, the next 80–BF
        case afterE0         // next A0–BF (smaller would be overlong), then one more
        case afterED         // next 80–9F (larger would be a surrogate), then one more
        case afterF0         // next 90–BF (smaller would be overlong), then two more
        case afterF4         // next 80–8F (larger would exceed U+10FFFF), then two more
        case invalid         // a byte was impossible; stays here
    }

    private var state: State = .start

    public init() {}

    /// True when the bytes so far end between characters, i.e. a message may end here.
    public var isComplete: Bool { state == .start }

    /// Feeds the next bytes; returns false from the first impossible byte on (and for every later call).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        var current = state
        while index < count {
            if current == .start {
                // Most chat text is ASCII: skip it eight bytes at a time.
                while index + 8 <= count,
                    bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                if index == count { break }
            }
            current = Self.next(current, bytes[index])
            if current == .invalid { break }
            index += 1
        }
        state = current
        return current != .invalid
    }

    @inline(__always)
    private static func next(_ state: State, _ byte: UInt8) -> State {
        switch state {
        case .start: return lead(byte)
        case .tail1: return continuation(byte, in: 0x80...0xBF, then: .start)
        case .tail2: return continuation(byte, in: 0x80...0xBF, then: .tail1)
        case .tail3: return continuation(byte, in: 0x80...0xBF, then: .tail2)
        case .afterE0: return continuation(byte, in: 0xA0...0xBF, then: .tail1)
        case .afterED: return continuation(byte, in: 0x80...0x9F, then: .tail1)
        case .afterF0: return continuation(byte, in: 0x90...0xBF, then: .tail2)
        case .afterF4: return continuation(byte, in: 0x80...0x8F, then: .tail2)
        case .invalid: return .invalid
        }
    }

    @inline(__always)
    private static func continuation(_ byte: UInt8, in range: ClosedRange<UInt8>, then: State) -> State {
        range.contains(byte) ? then : .invalid
    }

    /// The state after a lead byte. C0 and C1 could only start overlong two-byte forms, and F5–FF would
    /// start scalars above U+10FFFF, so they are invalid wherever they appear.
    @inline(__always)
    private static func lead(_ byte: UInt8) -> State {
        if byte < 0x80 { return .start }
        if byte < 0xC2 { return .invalid }  // a stray continuation byte, or C0/C1
        if byte < 0xE0 { return .tail1 }
        if byte == 0xE0 { return .afterE0 }
        if byte == 0xED { return .afterED }
        if byte < 0xF0 { return .tail2 }
        if byte == 0xF0 { return .afterF0 }
        if byte < 0xF4 { return .tail3 }
        if byte == 0xF4 { return .afterF4 }
        return .invalid
    }
}
