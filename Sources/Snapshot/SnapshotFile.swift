/// Reading snapshot files on their own, for `parley snapshot verify|inspect` and for recovery.
public enum SnapshotFile {
    /// Reads every frame, checking each checksum, the section structure, the body checksum and the size.
    /// Returns what the file holds, or throws `.corruptSnapshot` / `.unsupportedVersion`.
    public static func verify(path: String, storage: any Storage = FileStorage()) throws -> SnapshotFileInfo {
        let source = try SnapshotSource(storage: storage, path: path)
        var sections: [SnapshotFileInfo.Section] = []
        while let (name, lsn) = try source.nextSection() {
            let bytes = try source.finishSection(name, strict: false)
            sections.append(.init(name: name, lsn: lsn, bytes: bytes))
        }
        let lsns = sections.map(\.lsn)
        guard (lsns.max() ?? 0) == source.header.lsn, (lsns.min() ?? 0) == source.header.baseLSN else {
            throw DurabilityError.corruptSnapshot(file: source.fileName, offset: 0, reason: "header LSNs disagree with the sections")
        }
        return SnapshotFileInfo(fileName: source.fileName, header: source.header, sections: sections)
    }

    /// Reads and checks only the header (cheap; `sections` is empty). Use `verify` before trusting the body.
    public static func inspect(path: String, storage: any Storage = FileStorage()) throws -> SnapshotFileInfo {
        let file = try storage.open(path, create: false)
        defer { storage.close(file) }
        let name = StoragePath.name(path)
        let header = try SnapshotHeader.decode(try storage.readBytes(file, count: SnapshotHeader.bytes, at: 0), file: name)
        return SnapshotFileInfo(fileName: name, header: header, sections: [])
    }

    /// Restores `components` from a verified snapshot; returns each section's LSN by component name.
    /// A section no component claims is an error; a component without a section is left empty and gets
    /// the snapshot's base LSN, so replay covers it from there.
    static func restore(path: String, storage: any Storage, components: [SnapshotComponent]) throws -> [String: LSN] {
        let source = try SnapshotSource(storage: storage, path: path)
        var lsns: [String: LSN] = [:]
        while let (name, lsn) = try source.nextSection() {
            guard let component = components.first(where: { $0.name == name }) else {
                throw DurabilityError.snapshotSection(component: name, reason: "no registered component has this name")
            }
            guard lsns[name] == nil else { throw DurabilityError.snapshotSection(component: name, reason: "appears twice") }
            var reader = SnapshotReader(source: source, section: name)
            try component.restore(&reader)
            _ = try source.finishSection(name, strict: true)
            lsns[name] = lsn
        }
        for component in components where lsns[component.name] == nil { lsns[component.name] = source.header.baseLSN }
        return lsns
    }
}
