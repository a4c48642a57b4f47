/// File names in a data directory. Segments are named by their first LSN, zero-padded to 20 digits so that
/// name order is LSN order; snapshots by the highest LSN they include.
enum SegmentName {
    static let journalDirectory = "journal"
    static let snapshotDirectory = "snapshots"
    static let archiveDirectory = "archive"
    /// The next segment, zero-filled ahead of use; renamed to its final name when it becomes active.
    static let preparedName = "prepared.seg.tmp"
    static let segmentSuffix = ".seg"
    static let snapshotPrefix = "snapshot-"
    static let snapshotSuffix = ".snap"
    static let snapshotTemporary = "snapshot.tmp"
    /// Present while `PointInTimeRestore` fills a directory; the engine refuses to start on such a directory.
    static let restoringMarker = "RESTORING"

    static func padded(_ n: UInt64) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    static func segment(firstLSN: LSN) -> String { padded(firstLSN) + segmentSuffix }

    static func snapshot(lsn: LSN) -> String { snapshotPrefix + padded(lsn) + snapshotSuffix }

    /// The first LSN of a segment file name, or nil when the name is not a segment's.
    static func parseSegment(_ name: String) -> LSN? {
        guard name.count == 20 + segmentSuffix.count, name.hasSuffix(segmentSuffix) else { return nil }
        return LSN(name.prefix(20))
    }

    /// The LSN of a snapshot file name, or nil when the name is not a snapshot's.
    static func parseSnapshot(_ name: String) -> LSN? {
        guard name.count == snapshotPrefix.count + 20 + snapshotSuffix.count, name.hasPrefix(snapshotPrefix),
              name.hasSuffix(snapshotSuffix) else { return nil }
        return LSN(name.dropFirst(snapshotPrefix.count).prefix(20))
    }
}
