import ArgumentParser
import Snapshot

/// `parley snapshot verify --data-dir D`: every snapshot file checked frame by frame; exit 1 if any fails.
struct SnapshotVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every snapshot file (frame checksums, body checksum, sizes, header).",
        discussion: """
            One line per snapshot in snapshots/ and archive/: OK with its LSNs and size, or CORRUPT with the \
            offset where it fails. Exit status 1 when any snapshot fails (recovery would set it aside and fall \
            back to an older one with a longer replay), 2 when the directory cannot be read.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    func run() throws {
        try data.requireDataDirectory()
        let files = SnapshotFiles(dataDirectory: data.dataDir)
        if files.snapshots.isEmpty { print("no snapshots in \(data.dataDir)") }
        var failed = 0
        for (file, result) in files.verifyAll(label: "snapshot verify") {
            switch result {
            case .success(let info):
                print("\(file.name): OK  LSN \(info.lsn) (base \(info.baseLSN))  \(info.fileBytes) bytes  \(info.sectionCount) section(s)")
            case .failure(let error):
                failed += 1
                print("\(file.name): \(SnapshotFiles.failure(error))")
            }
        }
        for file in files.setAside { print("\(file.name): set aside, not used by recovery") }
        if failed > 0 {
            Console.error("snapshot verify: \(failed) snapshot file(s) fail verification")
            throw ExitCode(Console.damageFound)
        }
    }
}
