import Glibc

/// The Parley a scenario loads: one it starts (`--start PATH`, stopped by pid at the end) or one already
/// running (`--server URL`, with `--server-pid` for its CPU and memory).
struct ParleyTarget {
    var server: ParleyServer?
    var endpoint: Endpoint
    var pid: pid_t?

    init(start: String?, server url: String?, serverPID: pid_t?, dataDir: String?, durability: String, io: String?,
         work: String, connectionsMax: Int) throws {
        if let path = start {
            let dataDir = dataDir ?? work + "/data"
            Log.progress("starting \(path) (data in \(dataDir), journal \(durability))")
            let started = try ParleyServer(executable: path, dataDir: dataDir, work: work, durability: durability, io: io,
                                           connectionsMax: connectionsMax)
            server = started
            endpoint = started.endpoint
            pid = started.process.pid
        } else {
            let url = url ?? "http://127.0.0.1:8065"
            guard let endpoint = Endpoint(url: url) else { throw LoadError("--server \(url) is not http://IPV4:PORT") }
            self.endpoint = endpoint
            pid = serverPID
        }
    }

    mutating func stop() {
        server?.stop()
        server = nil
    }
}
