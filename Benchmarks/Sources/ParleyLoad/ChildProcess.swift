import Glibc
import Synchronization

/// A server this tool started (Parley or Redis), known by its pid and stopped by it. Started with
/// posix_spawn, a clean signal mask and default dispositions, its output into a log file, and (when util-linux's
/// setpriv exists) with PR_SET_PDEATHSIG, so it cannot outlive the tool even when the tool is killed.
final class ChildProcess: Sendable {
    static let setpriv = "/usr/bin/setpriv"
    static let stopPollMicros: useconds_t = 50_000

    let pid: pid_t
    let name: String
    let logPath: String
    private let reaped = Mutex(false)

    init(name: String, executable: String, arguments: [String], environment: [String: String] = [:],
         logPath: String) throws {
        guard access(executable, X_OK) == 0 else { throw LoadError("\(executable) is not an executable file") }
        var argv = [executable] + arguments
        if access(Self.setpriv, X_OK) == 0 { argv = [Self.setpriv, "--pdeathsig", "KILL"] + argv }
        var env = ProcessEnvironment.current
        for (k, v) in environment { env[k] = v }
        self.name = name
        self.logPath = logPath
        pid = try Self.spawn(argv, environment: env.map { "\($0.key)=\($0.value)" }, logPath: logPath)
        ChildRegistry.shared.add(self)
    }

    /// Whether the process is still there (not exited, or exited and not reaped by us yet).
    var isRunning: Bool {
        reaped.withLock { done in
            if done { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { done = true }
            return !done
        }
    }

    /// SIGTERM, then SIGKILL after `graceSeconds`; waits until it is gone. Safe to call twice.
    func stop(graceSeconds: Double = 20) {
        guard isRunning else { return ChildRegistry.shared.remove(self) }
        Glibc.kill(pid, SIGTERM)
        let polls = Int(graceSeconds * 1e6 / Double(Self.stopPollMicros))
        for _ in 0..<polls where isRunning { usleep(Self.stopPollMicros) }
        if isRunning {
            Log.progress("\(name) (pid \(pid)) did not stop after SIGTERM; sending SIGKILL")
            Glibc.kill(pid, SIGKILL)
            while isRunning { usleep(Self.stopPollMicros) }
        }
        ChildRegistry.shared.remove(self)
    }

    /// Polls `ready` every 50 ms, at most `polls` times, while the process runs; true once it answered.
    func waitUntil(polls: Int, _ ready: () -> Bool) -> Bool {
        for _ in 0..<polls {
            if ready() { return true }
            guard isRunning else { return false }
            usleep(Self.stopPollMicros)
        }
        return false
    }

    /// What the process wrote, for error messages.
    func logTail(bytes: Int = 2000) -> String {
        guard let f = fopen(logPath, "r") else { return "" }
        defer { fclose(f) }
        fseek(f, 0, SEEK_END)
        let size = ftell(f)
        let start = max(0, size - bytes)
        fseek(f, start, SEEK_SET)
        var out = [UInt8](repeating: 0, count: size - start)
        let n = fread(&out, 1, out.count, f)
        return String(decoding: out.prefix(n), as: UTF8.self)
    }

    private static func spawn(_ argv: [String], environment: [String], logPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else { throw LoadError("cannot start \(argv[0]): \(SystemError.text(rc))") }
        return pid
    }
}

/// Every child still running, and the temporary directories, so that SIGINT or SIGTERM to the tool stops and
/// removes them before it exits.
final class ChildRegistry: Sendable {
    static let shared = ChildRegistry()
    private let children = Mutex<[ChildProcess]>([])
    private let directories = Mutex<[String]>([])

    func addDirectory(_ path: String) { directories.withLock { $0.append(path) } }
    func removeDirectory(_ path: String) { directories.withLock { $0.removeAll { $0 == path } } }
    var temporaryDirectories: [String] { directories.withLock { $0 } }

    func add(_ child: ChildProcess) { children.withLock { $0.append(child) } }
    func remove(_ child: ChildProcess) { children.withLock { $0.removeAll { $0 === child } } }

    func stopAll() {
        let all = children.withLock { $0 }
        for child in all.reversed() { child.stop(graceSeconds: 5) }
    }
}

enum ProcessEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let text = String(decoding: UnsafeRawBufferPointer(start: entry, count: strlen(entry)), as: UTF8.self)
            if let eq = text.firstIndex(of: "=") { result[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
            p += 1
        }
        return result
    }
}
