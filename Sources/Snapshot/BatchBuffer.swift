import Glibc

/// Encoded records waiting for (or being written by) the journal writer: one contiguous, growable byte
/// region, so a batch goes to disk in one write. Owned under the journal lock while records are appended,
/// then by the writer thread alone while it writes; the two swap buffers instead of copying.
final class BatchBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var count = 0
    /// LSNs of the first and last record inside (0 when empty).
    private(set) var firstLSN: LSN = 0
    private(set) var lastLSN: LSN = 0
    /// When the first record arrived (injected monotonic clock), for the batch window.
    private(set) var startedNanos: UInt64 = 0

    /// A buffer grown past this is released after use, so one burst does not pin memory.
    private static let keepBytesMax = 4 << 20

    init(capacity: Int = 64 << 10) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    deinit {
        base.deallocate()
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Room for `n` more bytes at the end; write them, then `commit`.
    func reserve(_ n: Int) -> UnsafeMutableRawPointer {
        if count + n > capacity {
            var newCapacity = capacity * 2
            while newCapacity < count + n { newCapacity *= 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
            base = grown
            capacity = newCapacity
        }
        return base + count
    }

    func commit(_ n: Int, lsn: LSN, nowNanos: UInt64) {
        if count == 0 {
            firstLSN = lsn
            startedNanos = nowNanos
        }
        count += n
        lastLSN = lsn
    }

    func reset() {
        count = 0
        firstLSN = 0
        lastLSN = 0
        if capacity > Self.keepBytesMax {
            base.deallocate()
            capacity = 64 << 10
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        }
    }
}
