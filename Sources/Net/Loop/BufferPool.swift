/// Send buffers of one size kept for reuse by one loop, so a busy connection does not return its buffer to malloc
/// (and malloc to the kernel) every loop turn, while an idle connection still holds none. Bounded: beyond
/// `blocksMax` returned blocks are freed. Loop thread only.
struct BufferPool {
    let blockBytes: Int
    let blocksMax: Int
    private var free: [UnsafeMutableRawPointer] = []

    init(blockBytes: Int = 16 << 10, blocksMax: Int = 256) {
        precondition(blockBytes > 0 && blocksMax >= 0, "buffer pool \(blockBytes) × \(blocksMax)")
        self.blockBytes = blockBytes
        self.blocksMax = blocksMax
        free.reserveCapacity(blocksMax)
    }

    var cachedBlocks: Int { free.count }

    mutating func take() -> UnsafeMutableRawPointer {
        free.popLast() ?? .allocate(byteCount: blockBytes, alignment: 16)
    }

    mutating func give(_ block: UnsafeMutableRawPointer) {
        if free.count < blocksMax {
            free.append(block)
        } else {
            block.deallocate()
        }
    }

    mutating func drain() {
        for b in free { b.deallocate() }
        free.removeAll()
    }
}
