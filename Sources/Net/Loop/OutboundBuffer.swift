/// Bytes waiting to be sent on one connection, in memory the loop owns (never Array storage, which may move while
/// the kernel still reads it). A connection holds two: one the kernel is sending, one collecting what comes next, so
/// everything queued during a loop turn leaves in one send.
///
/// Copyable for storage in the connection table, but it owns its memory: only the table's copy is ever used, and
/// `release(to:)` gives it back when the buffer is empty again. Small buffers are pool blocks; a burst larger than
/// a block gets its own allocation, freed (not pooled) when released.
struct OutboundBuffer {
    private(set) var base: UnsafeMutableRawPointer?
    private(set) var count = 0
    private(set) var capacity = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ bytes: UnsafeRawBufferPointer, pool: inout BufferPool) {
        guard bytes.count > 0 else { return }
        reserve(count + bytes.count, pool: &pool)
        (base! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends `byteCount` bytes that `write` puts straight into the buffer (no intermediate copy).
    mutating func append(byteCount: Int, pool: inout BufferPool, _ write: (UnsafeMutableRawBufferPointer) -> Void) {
        guard byteCount > 0 else { return }
        reserve(count + byteCount, pool: &pool)
        write(UnsafeMutableRawBufferPointer(start: base! + count, count: byteCount))
        count += byteCount
    }

    private mutating func reserve(_ needed: Int, pool: inout BufferPool) {
        guard needed > capacity else { return }
        if base == nil && needed <= pool.blockBytes {
            base = pool.take()
            capacity = pool.blockBytes
            return
        }
        var newCapacity = max(capacity * 2, pool.blockBytes)
        while newCapacity < needed { newCapacity *= 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            fresh.copyMemory(from: base, byteCount: count)
            giveBack(base, capacity: capacity, pool: &pool)
        }
        base = fresh
        capacity = newCapacity
    }

    /// Forgets the contents but keeps the memory, for a connection that is still busy.
    mutating func clear() { count = 0 }

    /// Forgets the contents and returns the memory, so an idle connection holds none.
    mutating func release(to pool: inout BufferPool) {
        if let base { giveBack(base, capacity: capacity, pool: &pool) }
        base = nil
        count = 0
        capacity = 0
    }

    private func giveBack(_ block: UnsafeMutableRawPointer, capacity: Int, pool: inout BufferPool) {
        if capacity == pool.blockBytes {
            pool.give(block)
        } else {
            block.deallocate()
        }
    }
}
