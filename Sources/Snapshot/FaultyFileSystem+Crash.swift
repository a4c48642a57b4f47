extension FaultyFileSystem {
    /// A power loss: every handle is gone, and what was not synced is lost entirely (`dropAll`), kept
    /// entirely (`keepAll`, a process crash: the kernel still flushes), or kept sector by sector at random.
    mutating func crash(_ mode: FaultyStorage.CrashMode) {
        handles = [:]
        switch mode {
        case .keepAll:
            for id in nodes.keys {
                nodes[id]!.durable = nodes[id]!.data
                nodes[id]!.dirty = []
            }
            for key in directories.keys {
                directories[key]!.durableEntries = directories[key]!.entries
                directories[key]!.durable = true
            }
        case .dropAll:
            for id in nodes.keys {
                nodes[id]!.data = nodes[id]!.durable
                nodes[id]!.dirty = []
            }
            settleDirectories { _ in false }
        case .randomSubset(let seed):
            var rng = SeededRandom(seed: seed)
            for id in nodes.keys.sorted() { keepRandomSectors(id, &rng) }
            settleDirectories { _ in Bool.random(using: &rng) }
        }
    }

    /// Keeps a random subset of a file's unsynced sectors, and either its old or its new size.
    private mutating func keepRandomSectors(_ id: Int, _ rng: inout SeededRandom) {
        let node = nodes[id]!
        var result = node.durable
        let size = Bool.random(using: &rng) ? node.data.count : node.durable.count
        if result.count > size {
            result.removeLast(result.count - size)
        } else {
            result.append(contentsOf: repeatElement(0, count: size - result.count))
        }
        for sector in node.dirty.sorted() where Bool.random(using: &rng) {
            let start = sector * sectorBytes
            let end = min((sector + 1) * sectorBytes, size, node.data.count)
            if start < end { result.replaceSubrange(start..<end, with: node.data[start..<end]) }
        }
        nodes[id] = FileNode(data: result, durable: result, dirty: [])
    }

    /// Directories whose creation was never made durable vanish with their contents; each surviving
    /// directory keeps its durable entries, or (when `keepNew` says so) its newer ones.
    private mutating func settleDirectories(keepNew: (String) -> Bool) {
        var removed: Set<String> = []
        for key in directories.keys.sorted(by: { $0.count < $1.count }) where key != "/" {
            if removed.contains(StoragePath.parent(key)) || !directories[key]!.durable {
                removed.insert(key)
            }
        }
        for key in removed { directories[key] = nil }
        for key in directories.keys.sorted() {
            if keepNew(key) {
                directories[key]!.durableEntries = directories[key]!.entries
            } else {
                directories[key]!.entries = directories[key]!.durableEntries
            }
        }
    }
}
