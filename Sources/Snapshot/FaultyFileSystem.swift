import Glibc

/// The in-memory file system behind `FaultyStorage`: a page-cache model in which every file has the bytes
/// the process sees and the bytes that would survive a power loss, and every directory has its visible and
/// its durable entries. A value type; `FaultyStorage` holds it under a lock and adds faults and counting.
struct FaultyFileSystem {
    struct Failure: Error {
        let code: Int32
    }

    struct FileNode {
        /// What reads see (the page cache).
        var data: [UInt8] = []
        /// What a power loss leaves.
        var durable: [UInt8] = []
        /// Sectors written since the last sync.
        var dirty: Set<Int> = []
    }

    struct Directory {
        var entries: [String: Int] = [:]
        var durableEntries: [String: Int] = [:]
        /// Whether the directory's own entry in its parent is durable.
        var durable: Bool
    }

    let sectorBytes: Int
    var nodes: [Int: FileNode] = [:]
    var directories: [String: Directory] = ["/": Directory(durable: true)]
    /// Open handles: handle id → node. A crash closes them all, as the process died.
    var handles: [Int32: Int] = [:]
    private var nextNode = 1
    private var nextHandle: Int32 = 3

    init(sectorBytes: Int) {
        self.sectorBytes = sectorBytes
    }

    static func normalise(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    private func locate(_ path: String) throws -> (dir: String, name: String) {
        let p = Self.normalise(path)
        let dir = StoragePath.parent(p)
        guard directories[dir] != nil else { throw Failure(code: ENOENT) }
        return (dir, StoragePath.name(p))
    }

    private func node(_ handle: Int32) throws -> Int {
        guard let n = handles[handle] else { throw Failure(code: EBADF) }
        return n
    }

    mutating func open(_ path: String, create: Bool) throws -> Int32 {
        let (dir, name) = try locate(path)
        var id = directories[dir]!.entries[name]
        if id == nil {
            guard create else { throw Failure(code: ENOENT) }
            guard directories[Self.normalise(path)] == nil else { throw Failure(code: EISDIR) }
            id = nextNode
            nextNode += 1
            nodes[id!] = FileNode()
            directories[dir]!.entries[name] = id
        }
        let h = nextHandle
        nextHandle += 1
        handles[h] = id!
        return h
    }

    mutating func close(_ handle: Int32) {
        handles[handle] = nil
    }

    mutating func write(_ handle: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        let n = try node(handle)
        let end = offset + bytes.count
        if nodes[n]!.data.count < end {
            nodes[n]!.data.append(contentsOf: repeatElement(0, count: end - nodes[n]!.data.count))
        }
        nodes[n]!.data.withUnsafeMutableBytes { d in
            if let src = bytes.baseAddress, bytes.count > 0 { (d.baseAddress! + offset).copyMemory(from: src, byteCount: bytes.count) }
        }
        markDirty(n, from: offset, to: end)
    }

    private mutating func markDirty(_ n: Int, from: Int, to: Int) {
        guard to > from else { return }
        for s in (from / sectorBytes)...((to - 1) / sectorBytes) { nodes[n]!.dirty.insert(s) }
    }

    func read(_ handle: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        let data = nodes[try node(handle)]!.data
        guard offset < data.count else { return 0 }
        let n = min(buffer.count, data.count - offset)
        data.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        return n
    }

    mutating func sync(_ handle: Int32) throws {
        let n = try node(handle)
        nodes[n]!.durable = nodes[n]!.data
        nodes[n]!.dirty = []
    }

    mutating func truncate(_ handle: Int32, to size: Int) throws {
        let n = try node(handle)
        let old = nodes[n]!.data.count
        if size < old {
            nodes[n]!.data.removeLast(old - size)
        } else {
            nodes[n]!.data.append(contentsOf: repeatElement(0, count: size - old))
            markDirty(n, from: old, to: size)
        }
    }

    func size(_ handle: Int32) throws -> Int {
        nodes[try node(handle)]!.data.count
    }

    func list(_ directory: String) throws -> [String] {
        let d = Self.normalise(directory)
        guard let dir = directories[d] else { throw Failure(code: ENOENT) }
        let subdirectories = directories.keys.filter { $0 != d && StoragePath.parent($0) == d }.map { StoragePath.name($0) }
        return (Array(dir.entries.keys) + subdirectories).sorted()
    }

    mutating func makeDirectory(_ path: String) throws {
        let p = Self.normalise(path)
        if directories[p] != nil { return }
        let (dir, name) = try locate(p)
        guard directories[dir]!.entries[name] == nil else { throw Failure(code: EEXIST) }
        directories[p] = Directory(durable: false)
    }

    mutating func rename(_ from: String, to: String) throws {
        let (fromDir, fromName) = try locate(from)
        let (toDir, toName) = try locate(to)
        guard let id = directories[fromDir]!.entries[fromName] else { throw Failure(code: ENOENT) }
        directories[fromDir]!.entries[fromName] = nil
        directories[toDir]!.entries[toName] = id
    }

    mutating func remove(_ path: String) throws {
        let (dir, name) = try locate(path)
        guard directories[dir]!.entries.removeValue(forKey: name) != nil else { throw Failure(code: ENOENT) }
    }

    mutating func fsyncDirectory(_ path: String) throws {
        let d = Self.normalise(path)
        guard directories[d] != nil else { throw Failure(code: ENOENT) }
        directories[d]!.durableEntries = directories[d]!.entries
        for key in directories.keys where key != d && StoragePath.parent(key) == d { directories[key]!.durable = true }
    }

    func exists(_ path: String) -> Bool {
        let p = Self.normalise(path)
        if directories[p] != nil { return true }
        guard let (dir, name) = try? locate(p) else { return false }
        return directories[dir]!.entries[name] != nil
    }

    /// Bytes held by files that are still reachable, for the disk-full model.
    func usedBytes() -> Int {
        var live = Set(handles.values)
        for d in directories.values { live.formUnion(d.entries.values) }
        return live.reduce(0) { $0 + (nodes[$1]?.data.count ?? 0) }
    }

    func node(atPath path: String) -> Int? {
        guard let (dir, name) = try? locate(path) else { return nil }
        return directories[dir]!.entries[name]
    }
}
