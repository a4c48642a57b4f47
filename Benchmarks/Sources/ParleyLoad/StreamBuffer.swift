/// Received bytes a framing could not consume yet. A read that ends on a message boundary is parsed straight from
/// the read buffer and nothing is copied; only a partial tail is kept, and appended to by the next read.
struct StreamBuffer: Sendable {
    /// A framing that needs more than this to make progress is broken; the connection is given up.
    let bytesMax: Int
    private(set) var pending: [UInt8] = []

    init(bytesMax: Int) {
        self.bytesMax = bytesMax
    }

    /// Hands `consume` the unconsumed bytes followed by `input`, contiguous; `consume` returns how many it used,
    /// and the rest is kept for the next call. False when the kept bytes would pass `bytesMax`.
    mutating func feed(_ input: UnsafeRawBufferPointer, _ consume: (UnsafeRawBufferPointer) -> Int) -> Bool {
        if pending.isEmpty {
            let used = consume(input)
            precondition(used <= input.count, "consumed \(used) of \(input.count) bytes")
            guard input.count - used <= bytesMax else { return false }
            if used < input.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[used...])) }
            return true
        }
        pending.append(contentsOf: input)
        let used = pending.withUnsafeBytes { consume($0) }
        precondition(used <= pending.count, "consumed \(used) of \(pending.count) bytes")
        pending.removeFirst(used)
        return pending.count <= bytesMax
    }
}
