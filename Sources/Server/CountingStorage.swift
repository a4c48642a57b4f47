import Snapshot
import Synchronization

/// A `Storage` that passes every call to the real one and reports the bytes read or written to a
/// `ProgressMeter`. It is how the operator tools show progress for work done inside the engine (recovery,
/// snapshot writing, restore) without the engine knowing about terminals.
final class CountingStorage: Storage {
    /// Which bytes the current meter counts.
    enum Counted: Sendable {
        case reads
        case writes
    }

    private let base: any Storage
    private let meter = Mutex<(ProgressMeter, Counted)?>(nil)

    init(_ base: any Storage = FileStorage()) {
        self.base = base
    }

    /// Sends the bytes of the following calls to `meter` (nil: to nobody).
    func report(_ counted: Counted, to meter: ProgressMeter?) {
        self.meter.withLock { $0 = meter.map { ($0, counted) } }
    }

    private func count(_ bytes: Int, _ kind: Counted) {
        guard bytes > 0, let (meter, counted) = meter.withLock({ $0 }), counted == kind else { return }
        meter.advance(by: Int64(bytes))
    }

    func open(_ path: String, create: Bool) throws -> StorageFile { try base.open(path, create: create) }
    func close(_ file: StorageFile) { base.close(file) }

    func write(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try base.write(file, bytes, at: offset)
        count(bytes.count, .writes)
    }

    func read(_ file: StorageFile, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        let n = try base.read(file, into: buffer, at: offset)
        count(n, .reads)
        return n
    }

    func fdatasync(_ file: StorageFile) throws { try base.fdatasync(file) }
    func fsync(_ file: StorageFile) throws { try base.fsync(file) }
    func truncate(_ file: StorageFile, to size: Int64) throws { try base.truncate(file, to: size) }
    func size(_ file: StorageFile) throws -> Int64 { try base.size(file) }
    func zeroFill(_ file: StorageFile, offset: Int64, length: Int64) throws {
        try base.zeroFill(file, offset: offset, length: length)
    }

    func list(_ directory: String) throws -> [String] { try base.list(directory) }
    func makeDirectory(_ path: String) throws { try base.makeDirectory(path) }
    func rename(_ from: String, to: String) throws { try base.rename(from, to: to) }
    func remove(_ path: String) throws { try base.remove(path) }
    func fsyncDirectory(_ path: String) throws { try base.fsyncDirectory(path) }
    func exists(_ path: String) -> Bool { base.exists(path) }
}
