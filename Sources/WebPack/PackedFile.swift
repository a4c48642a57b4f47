/// One file as WebPack writes it into the generated source.
struct PackedFile {
    var path: String
    var bytes: [UInt8]

    /// Text goes in as itself; everything else (images, fonts, and text a literal could not hold exactly) as base64.
    var isText: Bool { SwiftLiteral.canHoldExactly(bytes) }

    /// FNV-1a, 64 bits: Server computes it again from the decoded bytes (and uses it for the ETag).
    var digest: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
