// The durability engine (write-ahead journal, snapshots, recovery) lives in this module.
// It knows nothing of chat or sockets; see ../shared/DESIGN.md §4 and the "Durability" issue.

/// The module's version of its on-disk formats; bumped whenever a journal or snapshot layout changes.
public enum SnapshotFormat {
    public static let version: UInt32 = 1
}
