import Foundation
import Glibc

/// `parley serve` started by the tool (`--start PATH`) on a free loopback port, with a configuration file for
/// benchmarks: cheap password hashing (the population logs in many users; never a production setting) and the
/// journal policy asked for. Its first output line is `listening 127.0.0.1:PORT`.
final class ParleyServer {
    static let startSeconds = 120.0

    let process: ChildProcess
    let endpoint: Endpoint
    let dataDir: String

    init(executable: String, dataDir: String, work: String, durability: String, io: String?, connectionsMax: Int) throws {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let config: [String: Any] = ["passwordHashIterations": 1000, "durabilityPolicy": durability,
                                     "connectionsMax": connectionsMax]
        let configPath = work + "/parley-config.json"
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: URL(fileURLWithPath: configPath))
        process = try ChildProcess(
            name: "parley", executable: executable,
            arguments: ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--config", configPath],
            environment: io.map { ["PARLEY_IO": $0] } ?? [:], logPath: work + "/parley.log")
        self.dataDir = dataDir
        do {
            endpoint = try Self.waitForListening(process)
        } catch {
            process.stop(graceSeconds: 2)
            throw error
        }
    }

    private static func waitForListening(_ process: ChildProcess) throws -> Endpoint {
        let deadline = Date().addingTimeInterval(startSeconds)
        while Date() < deadline {
            let head = process.logTail(bytes: 1 << 16)
            if let line = head.split(separator: "\n").first(where: { $0.contains("listening ") }),
               let range = line.range(of: "listening ") {
                let address = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                guard let endpoint = Endpoint(url: address) else { throw LoadError("parley printed \"\(line)\"") }
                return endpoint
            }
            guard process.isRunning else { throw LoadError("parley exited at start:\n\(process.logTail())") }
            usleep(50_000)
        }
        throw LoadError("parley did not listen within \(Int(startSeconds)) s:\n\(process.logTail())")
    }

    func stop() {
        process.stop()
    }
}
