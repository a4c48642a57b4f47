import ArgumentParser
import Foundation
import Logging
import Snapshot

/// What every operator tool shares: its data directory option, a logger on standard error, and file sizes
/// for progress.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory, as given to `parley serve --data-dir`.")
    var dataDir: String

    /// Fails (exit 2) unless the directory looks like a data directory: a journal or snapshots in it.
    func requireDataDirectory() throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: dataDir + "/journal") || fm.fileExists(atPath: dataDir + "/snapshots") else {
            throw Console.fail("\(dataDir) is not a Parley data directory (no journal/ or snapshots/ in it)")
        }
    }

    /// Total bytes of the files in `subdirectory` whose names satisfy `include`, for progress meters.
    func bytes(in subdirectory: String, where include: (String) -> Bool) -> Int64 {
        let path = dataDir + "/" + subdirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter(include).reduce(0) { sum, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            return sum + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    static func isSegment(_ name: String) -> Bool { name.hasSuffix(".seg") && name.count == 24 }
    static func isSnapshot(_ name: String) -> Bool { name.hasPrefix("snapshot-") && name.hasSuffix(".snap") }
}

enum OperatorTool {
    /// Log lines of the engine go to standard error, keeping standard output for the tool's results.
    static func logger() -> Logger {
        LoggingSystem.bootstrap { label in ParleyLogHandler(label: label, toStandardError: true) }
        return Logger(label: "parley")
    }
}
