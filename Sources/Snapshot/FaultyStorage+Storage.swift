// FaultyStorage's Storage conformance: each call goes through `perform`, which counts it, applies faults
// and the capacity limit, and then runs it against the in-memory file system.

extension FaultyStorage {
    public func open(_ path: String, create: Bool) throws -> StorageFile {
        let id = try perform(.open, path) { try $0.open(path, create: create) }
        return StorageFile(id: id, path: path)
    }

    public func close(_ file: StorageFile) {
        _ = try? perform(.close, file.path) { $0.close(file.id) }
    }

    public func write(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try perform(.write, file.path, grow: { fs in Int(offset) + bytes.count - ((try? fs.size(file.id)) ?? 0) }) {
            try $0.write(file.id, bytes, at: Int(offset))
        }
    }

    public func read(_ file: StorageFile, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        try perform(.read, file.path) { try $0.read(file.id, into: buffer, at: Int(offset)) }
    }

    public func fdatasync(_ file: StorageFile) throws {
        syncGate.pass()
        try perform(.fdatasync, file.path) { try $0.sync(file.id) }
    }

    public func fsync(_ file: StorageFile) throws {
        try perform(.fsync, file.path) { try $0.sync(file.id) }
    }

    public func truncate(_ file: StorageFile, to size: Int64) throws {
        try perform(.truncate, file.path, grow: { fs in Int(size) - ((try? fs.size(file.id)) ?? 0) }) {
            try $0.truncate(file.id, to: Int(size))
        }
    }

    public func size(_ file: StorageFile) throws -> Int64 {
        Int64(try perform(.size, file.path) { try $0.size(file.id) })
    }

    public func zeroFill(_ file: StorageFile, offset: Int64, length: Int64) throws {
        guard length > 0 else { return }
        try perform(.zeroFill, file.path, grow: { fs in Int(offset + length) - ((try? fs.size(file.id)) ?? 0) }) { fs in
            let zeros = [UInt8](repeating: 0, count: Int(length))
            try zeros.withUnsafeBytes { try fs.write(file.id, $0, at: Int(offset)) }
        }
    }

    public func list(_ directory: String) throws -> [String] {
        try perform(.list, directory) { try $0.list(directory) }
    }

    public func makeDirectory(_ path: String) throws {
        try perform(.makeDirectory, path) { try $0.makeDirectory(path) }
    }

    public func rename(_ from: String, to: String) throws {
        try perform(.rename, from + " -> " + to) { try $0.rename(from, to: to) }
    }

    public func remove(_ path: String) throws {
        try perform(.remove, path) { try $0.remove(path) }
    }

    public func fsyncDirectory(_ path: String) throws {
        try perform(.fsyncDirectory, path) { try $0.fsyncDirectory(path) }
    }

    public func exists(_ path: String) -> Bool {
        (try? perform(.size, path) { $0.exists(path) }) ?? false
    }
}
