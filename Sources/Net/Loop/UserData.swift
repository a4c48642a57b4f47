/// What an io_uring `user_data` (or an epoll event's data) carries: the operation, the connection slot and the slot's
/// generation. Never a bare descriptor: a reused descriptor must not receive a stale completion, so the loop drops
/// any completion whose generation no longer matches the slot's.
@usableFromInline
struct UserData: Equatable, Sendable {
    @usableFromInline enum Op: UInt8, Sendable {
        case accept = 1, recv, send, wake, timeout, cancel
    }

    @usableFromInline var op: Op
    @usableFromInline var slot: UInt32
    @usableFromInline var generation: UInt32

    @inlinable init(op: Op, slot: UInt32, generation: UInt32) {
        precondition(generation <= UserData.generationMask, "generation \(generation) does not fit 24 bits")
        self.op = op
        self.slot = slot
        self.generation = generation
    }

    @usableFromInline static let generationMask: UInt32 = 0x00FF_FFFF

    /// Layout: op (8 bits) | generation (24 bits) | slot (32 bits).
    @inlinable var packed: UInt64 {
        UInt64(op.rawValue) << 56 | UInt64(generation & UserData.generationMask) << 32 | UInt64(slot)
    }

    @inlinable init?(packed: UInt64) {
        guard let op = Op(rawValue: UInt8(truncatingIfNeeded: packed >> 56)) else { return nil }
        self.op = op
        self.generation = UInt32(truncatingIfNeeded: packed >> 32) & UserData.generationMask
        self.slot = UInt32(truncatingIfNeeded: packed)
    }

    /// The next generation for a slot, wrapping within 24 bits and skipping 0 (0 marks "never used").
    @inlinable static func nextGeneration(after g: UInt32) -> UInt32 {
        let n = (g &+ 1) & generationMask
        return n == 0 ? 1 : n
    }
}
