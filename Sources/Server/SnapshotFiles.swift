import Foundation
import Snapshot

/// The snapshot files of a data directory, for `snapshot verify|inspect`: the kept ones in `snapshots/`, the
/// archived ones kept for point-in-time restore, and what recovery left aside (`.corrupt`) or a crash left
/// behind (`snapshot.tmp`).
struct SnapshotFiles {
    struct File {
        /// Relative to the data directory, as printed.
        let name: String
        let path: String
    }

    let snapshots: [File]
    let setAside: [File]

    init(dataDirectory: String) {
        var snapshots: [File] = []
        var setAside: [File] = []
        for directory in ["snapshots", "archive"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/" + directory)) ?? []
            for name in names.sorted() {
                let file = File(name: directory + "/" + name, path: dataDirectory + "/" + directory + "/" + name)
                if DataDirectoryOption.isSnapshot(name) {
                    snapshots.append(file)
                } else if name.hasSuffix(".corrupt") || name == "snapshot.tmp" {
                    setAside.append(file)
                }
            }
        }
        self.snapshots = snapshots
        self.setAside = setAside
    }

    var totalBytes: Int64 {
        snapshots.reduce(0) { sum, file in
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            return sum + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Verifies each snapshot (every frame, the body checksum, the sizes), reporting progress; the result per
    /// file is its contents or the error that says where it fails.
    func verifyAll(label: String) -> [(File, Result<SnapshotFileInfo, any Error>)] {
        let storage = CountingStorage()
        storage.report(.reads, to: ProgressMeter(label, totalBytes: totalBytes))
        return snapshots.map { file in
            (file, Result { try SnapshotFile.verify(path: file.path, storage: storage) })
        }
    }

    /// Where a verification failed, in the words an operator can act on.
    static func failure(_ error: any Error) -> String {
        if case DurabilityError.corruptSnapshot(_, let offset, let reason) = error {
            return "CORRUPT at offset \(offset): \(reason)"
        }
        return "UNREADABLE: \(error)"
    }
}
