import Glibc
import Synchronization

/// An exclusive `flock` on `<data-dir>/parley.lock`, held by every command that changes a data directory
/// (`serve`, `snapshot create`, the torture tool), so that two engines never write the same journal. The
/// kernel drops the lock when the process dies, so a crash never leaves a stale lock behind. Read-only
/// tools (`verify`, `inspect`, `restore`'s source) do not take it.
final class DataDirectoryLock: Sendable {
    static let fileName = "parley.lock"

    private let descriptor: Mutex<Int32>

    /// Takes the lock or fails at once, naming the directory (never waits: a second server should stop,
    /// not queue behind the first).
    init(dataDirectory: String) throws(LockError) {
        let path = dataDirectory.hasSuffix("/") ? dataDirectory + Self.fileName : dataDirectory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LockError(message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            close(fd)
            throw LockError(message: busy
                ? "\(dataDirectory) is in use by another parley process (serve, snapshot create or torture); stop it first"
                : "cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = Mutex(fd)
    }

    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    deinit { release() }

    struct LockError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
