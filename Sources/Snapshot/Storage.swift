/// An open file of a `Storage`. For `FileStorage` the id is the file descriptor.
public struct StorageFile: Sendable, Hashable {
    public let id: Int32
    public let path: String

    public init(id: Int32, path: String) {
        self.id = id
        self.path = path
    }
}

/// Everything the journal and snapshot code asks of the file system, so tests can substitute
/// `FaultyStorage` and the production code is the code under test.
///
/// Errors are `DurabilityError.io` or `.diskFull` (ENOSPC), carrying the operation, path and errno.
/// Writes are all-or-throw: an implementation loops over short writes and EINTR.
public protocol Storage: Sendable {
    /// Opens a file for reading and writing; with `create`, makes it (empty) when missing.
    func open(_ path: String, create: Bool) throws -> StorageFile
    func close(_ file: StorageFile)
    /// Writes all of `bytes` at `offset` (extending the file if needed).
    func write(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws
    /// Reads into `buffer` from `offset`; returns fewer bytes only at the end of the file.
    func read(_ file: StorageFile, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int
    /// Makes the file's data (and the size, when it changed) durable.
    func fdatasync(_ file: StorageFile) throws
    /// Makes the file's data and all its metadata durable.
    func fsync(_ file: StorageFile) throws
    func truncate(_ file: StorageFile, to size: Int64) throws
    func size(_ file: StorageFile) throws -> Int64
    /// Reserves `offset..<offset+length` and writes zeros there, so that later writes into the range change
    /// no extents and an fdatasync after them has no metadata to journal. Not durable until `fsync`.
    func zeroFill(_ file: StorageFile, offset: Int64, length: Int64) throws

    /// Names (not paths) of the entries of a directory.
    func list(_ directory: String) throws -> [String]
    /// Creates a directory; succeeds when it already exists.
    func makeDirectory(_ path: String) throws
    /// Atomically renames, replacing `to`. Not durable until the parent directory is fsynced.
    func rename(_ from: String, to: String) throws
    func remove(_ path: String) throws
    /// Makes a directory's entries (creates, renames, removals) durable.
    func fsyncDirectory(_ path: String) throws
    func exists(_ path: String) -> Bool
}

/// Small path helpers: the engine builds every path from a data directory and fixed names.
enum StoragePath {
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

extension Storage {
    /// Reads exactly `count` bytes at `offset` into a new array, or fewer at the end of the file.
    func readBytes(_ file: StorageFile, count: Int, at offset: Int64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let n = try out.withUnsafeMutableBytes { try read(file, into: $0, at: offset) }
        if n < count { out.removeLast(count - n) }
        return out
    }

    func write(_ file: StorageFile, _ bytes: [UInt8], at offset: Int64) throws {
        try bytes.withUnsafeBytes { try write(file, $0, at: offset) }
    }

    /// Creates the directory and makes its entry durable in the parent.
    func makeDurableDirectory(_ path: String) throws {
        if exists(path) { return }
        try makeDirectory(path)
        try fsyncDirectory(StoragePath.parent(path))
    }
}
