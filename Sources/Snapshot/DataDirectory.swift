/// The layout of a data directory:
///
/// ```
/// <root>/journal/<first LSN, 20 digits>.seg     journal segments
/// <root>/journal/prepared.seg.tmp                the next segment, zero-filled ahead of use
/// <root>/journal/<segment>.torn-<offset>         bytes cut from a torn tail, kept for inspection
/// <root>/journal/<segment>.discarded             segments dropped under accept-data-loss
/// <root>/snapshots/snapshot-<LSN, 20 digits>.snap
/// <root>/snapshots/snapshot.tmp                  a snapshot being written
/// <root>/snapshots/<snapshot>.corrupt            a snapshot that failed verification, set aside
/// <root>/archive/                                old segments and snapshots kept for point-in-time restore
/// <root>/RESTORING                               present while a restore fills the directory
/// ```
struct DataDirectory: Sendable {
    let root: String

    var journal: String { StoragePath.join(root, SegmentName.journalDirectory) }
    var snapshots: String { StoragePath.join(root, SegmentName.snapshotDirectory) }
    var archive: String { StoragePath.join(root, SegmentName.archiveDirectory) }
    var restoringMarker: String { StoragePath.join(root, SegmentName.restoringMarker) }
    var snapshotTemporary: String { StoragePath.join(snapshots, SegmentName.snapshotTemporary) }

    func segment(_ name: String) -> String { StoragePath.join(journal, name) }
    func snapshot(_ name: String) -> String { StoragePath.join(snapshots, name) }

    /// Creates the directories that are missing, each made durable in its parent.
    func create(storage: any Storage, archive withArchive: Bool) throws {
        try storage.makeDurableDirectory(root)
        try storage.makeDurableDirectory(journal)
        try storage.makeDurableDirectory(snapshots)
        if withArchive { try storage.makeDurableDirectory(archive) }
    }

    /// Snapshot files in `directory` (snapshots or archive), newest first.
    static func snapshotNames(in directory: String, storage: any Storage) throws -> [(name: String, lsn: LSN)] {
        guard storage.exists(directory) else { return [] }
        return try storage.list(directory).compactMap { name in SegmentName.parseSnapshot(name).map { (name, $0) } }
            .sorted { $0.lsn > $1.lsn }
    }

    /// Removes a leftover temporary file (an interrupted snapshot or segment preparation).
    static func removeIfPresent(_ path: String, storage: any Storage) throws {
        if storage.exists(path) { try storage.remove(path) }
    }
}
