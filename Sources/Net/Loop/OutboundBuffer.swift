/// Bytes waiting to be sent on one connection, in memory the loop owns (never Array storage, which may move while
/// the kernel still reads it). A connection holds two: one the kernel is sending, one collecting what comes next, so
/// everything queued during a loop turn leaves in one send.
///
/// Copyable for storage in the connection table, but it owns its memory: only the table's copy is ever used, and
/// `release()` is called exactly once when the slot is freed.
struct OutboundBuffer {
    private(set) var base: UnsafeMutableRawPointer?
    private(set) var count = 0
    private(set) var capacity = 0

    static let initialCapacity = 4096

    var isEmpty: Bool { count == 0 }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(count + bytes.count)
        (base! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    private mutating func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = max(capacity * 2, OutboundBuffer.initialCapacity)
        while newCapacity < needed { newCapacity *= 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            fresh.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = fresh
        capacity = newCapacity
    }

    /// Forgets the contents; keeps small memory for reuse, frees large memory so a burst does not pin it.
    mutating func clear(keepingCapacityUpTo limit: Int) {
        count = 0
        if capacity > limit { release() }
    }

    mutating func release() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }
}
