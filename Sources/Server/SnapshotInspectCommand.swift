import ArgumentParser
import Snapshot

/// `parley snapshot inspect --data-dir D`: each snapshot's header, the LSN and size of every component's
/// section, and whether the checksums hold (or where they fail). A listing: it exits 0 even when a snapshot
/// is damaged; `snapshot verify` is the check.
struct SnapshotInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List each snapshot: header, LSN and size per component, checksum OK or where it fails."
    )

    @OptionGroup var data: DataDirectoryOption

    func run() throws {
        try data.requireDataDirectory()
        let files = SnapshotFiles(dataDirectory: data.dataDir)
        if files.snapshots.isEmpty { print("no snapshots in \(data.dataDir)") }
        for (file, result) in files.verifyAll(label: "snapshot inspect") {
            print(file.name)
            switch result {
            case .success(let info):
                printHeader(info)
                for section in info.sections {
                    print("  section \(section.name)  LSN \(section.lsn)  \(section.bytes) bytes")
                }
                print("  checksums OK")
            case .failure(let error):
                // The header alone may still be readable; show it so the operator sees which snapshot this was.
                if let header = try? SnapshotFile.inspect(path: file.path) { printHeader(header) }
                print("  \(SnapshotFiles.failure(error))")
            }
        }
        for file in files.setAside { print("\(file.name): set aside, not used by recovery") }
    }

    private func printHeader(_ info: SnapshotFileInfo) {
        print("  epoch \(String(info.epoch, radix: 16))  LSN \(info.lsn)  base LSN \(info.baseLSN)"
            + "  created \(TimestampText.format(millis: info.createdAt))  \(info.fileBytes) bytes"
            + "  \(info.sectionCount) section(s)")
    }
}
