/// Payload unmasking (RFC 6455 §5.3): byte i of a payload is XORed with byte i mod 4 of the frame's key.
extension WebSocketFrameParser {
    /// Appends `chunk` to `buffer` and unmasks the appended bytes in place. `maskOffset` is how many bytes of
    /// this frame's payload came before `chunk`, because a frame may arrive in several pieces.
    @inline(__always)
    static func appendUnmasked(_ chunk: UnsafeRawBufferPointer, to buffer: inout [UInt8], key: UInt32?, maskOffset: Int) {
        let start = buffer.count
        buffer.append(contentsOf: chunk.assumingMemoryBound(to: UInt8.self))
        guard let key else { return }
        buffer.withUnsafeMutableBytes { all in
            unmask(UnsafeMutableRawBufferPointer(rebasing: all[start...]), key: key, maskOffset: maskOffset)
        }
    }

    /// XORs eight bytes at a time: chat messages are mostly a few hundred bytes, and a byte loop would
    /// dominate parsing them.
    static func unmask(_ bytes: UnsafeMutableRawBufferPointer, key: UInt32, maskOffset: Int) {
        // Rotate the key so that its most significant byte is the one for bytes[0].
        let shift = UInt32((maskOffset & 3) * 8)
        let rotated = shift == 0 ? key : (key << shift) | (key >> (32 - shift))
        // `bigEndian` puts the bytes in wire order in memory; two copies cover eight bytes.
        let half = UInt64(rotated.bigEndian)
        let pattern = half | half << 32
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            bytes.storeBytes(of: word ^ pattern, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            bytes[index] ^= UInt8(truncatingIfNeeded: rotated >> (24 - 8 * UInt32(index & 3)))
            index += 1
        }
    }
}
