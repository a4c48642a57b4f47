// The durability engine (write-ahead journal, snapshots, recovery) lives in this module.
// It knows nothing of chat or sockets; see ../shared/DESIGN.md §4 and Sources/Snapshot/README.md.

/// The module's version of its on-disk formats; bumped whenever a journal or snapshot layout changes.
///
/// Every file the engine writes starts with an 8-byte magic and this version, so a binary that meets a
/// newer format stops with `DurabilityError.unsupportedVersion` instead of misreading it.
public enum SnapshotFormat {
    public static let version: UInt32 = 1

    /// "PRLYJRNL": the first eight bytes of every journal segment.
    static let segmentMagic: UInt64 = 0x4C4E_524A_594C_5250
    /// "PRLYSNAP": the first eight bytes of every snapshot file.
    static let snapshotMagic: UInt64 = 0x5041_4E53_594C_5250

    /// Bytes of the segment header; records start right after it.
    static let segmentHeaderBytes = 64
    /// Bytes of the snapshot file header.
    static let snapshotHeaderBytes = 64
    /// Bytes of a record header (`length | crc32c | lsn | kind | flags | syncLag | timestamp`).
    static let recordHeaderBytes = 32
    /// Records and snapshot frames start at multiples of this, so a length word never straddles a sector.
    static let alignment = 8
    /// The unit in which a power loss may tear a write (the sector size the format assumes).
    public static let sectorBytes = 512

    /// Rounds `n` up to the record alignment.
    @inline(__always)
    static func aligned(_ n: Int) -> Int { (n + alignment - 1) & ~(alignment - 1) }
}
