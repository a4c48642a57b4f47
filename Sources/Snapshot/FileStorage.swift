import CShims
import Glibc

/// The production `Storage`: POSIX calls on real files. Descriptors are opened with O_CLOEXEC; short
/// writes and reads are continued and EINTR retried, so callers see all-or-throw.
public struct FileStorage: Storage {
    public init() {}

    public func open(_ path: String, create: Bool) throws -> StorageFile {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = retrying { Glibc.open(path, flags, 0o644) }
        guard fd >= 0 else { throw DurabilityError.storage("open", path, errno) }
        return StorageFile(id: fd, path: path)
    }

    public func close(_ file: StorageFile) {
        _ = Glibc.close(file.id)
    }

    public func write(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = pwrite(file.id, base + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw DurabilityError.storage("write", file.path, errno)
            }
            done += n
        }
    }

    public func read(_ file: StorageFile, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(file.id, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw DurabilityError.storage("read", file.path, errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    public func fdatasync(_ file: StorageFile) throws {
        // No retry on failure: after a failed sync the kernel may have dropped the dirty pages
        // (fsyncgate), so a second sync that "succeeds" proves nothing. The caller goes read-only.
        let rc = retrying { parley_fdatasync(file.id) }
        if rc != 0 { throw DurabilityError.storage("fdatasync", file.path, errno) }
    }

    public func fsync(_ file: StorageFile) throws {
        let rc = retrying { Glibc.fsync(file.id) }
        if rc != 0 { throw DurabilityError.storage("fsync", file.path, errno) }
    }

    public func truncate(_ file: StorageFile, to size: Int64) throws {
        let rc = retrying { ftruncate(file.id, off_t(size)) }
        if rc != 0 { throw DurabilityError.storage("truncate", file.path, errno) }
    }

    public func size(_ file: StorageFile) throws -> Int64 {
        var st = stat()
        guard fstat(file.id, &st) == 0 else { throw DurabilityError.storage("fstat", file.path, errno) }
        return Int64(st.st_size)
    }

    public func zeroFill(_ file: StorageFile, offset: Int64, length: Int64) throws {
        guard length > 0 else { return }
        // Reserve first so a full disk shows up here, before any zeros are written; file systems without
        // fallocate (EOPNOTSUPP) still get the written zeros below.
        let rc = parley_fallocate(file.id, offset, length)
        if rc != 0 && rc != EOPNOTSUPP && rc != EINVAL { throw DurabilityError.storage("fallocate", file.path, rc) }
        let chunk = Self.zeros.count
        var done: Int64 = 0
        while done < length {
            let n = Int(min(Int64(chunk), length - done))
            try Self.zeros.withUnsafeBytes { try write(file, UnsafeRawBufferPointer(rebasing: $0[0..<n]), at: offset + done) }
            done += Int64(n)
        }
    }

    public func list(_ directory: String) throws -> [String] {
        guard let dir = opendir(directory) else { throw DurabilityError.storage("opendir", directory, errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw DurabilityError.storage("mkdir", path, errno) }
    }

    public func rename(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw DurabilityError.storage("rename to \(to)", from, errno) }
    }

    public func remove(_ path: String) throws {
        if unlink(path) != 0 { throw DurabilityError.storage("unlink", path, errno) }
    }

    public func fsyncDirectory(_ path: String) throws {
        let fd = retrying { parley_open_directory(path) }
        guard fd >= 0 else { throw DurabilityError.storage("open directory", path, errno) }
        defer { _ = Glibc.close(fd) }
        if Glibc.fsync(fd) != 0 { throw DurabilityError.storage("fsync directory", path, errno) }
    }

    public func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    private static let zeros = [UInt8](repeating: 0, count: 1 << 20)

    private func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let rc = call()
            if rc == -1 && errno == EINTR { continue }
            return rc
        }
    }
}
