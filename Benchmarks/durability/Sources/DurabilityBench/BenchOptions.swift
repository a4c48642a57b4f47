import Foundation

/// Command-line options of `DurabilityBench` (see run.sh).
struct BenchOptions {
    /// Seconds each throughput run lasts (engine and raw loop alike).
    var seconds = 1.0
    /// Engine and raw runs alternate this many times per configuration; the medians are compared, so that
    /// other work on a shared machine weighs on both sides alike.
    var repeats = 3
    /// Where data directories are made; the raw loop writes there too, so both use the same disk.
    var workDirectory = FileManager.default.currentDirectoryPath + "/.work"
    var output = "results/durability.json"
    var suites: Set<String> = ["append", "replay", "snapshot"]
    var policies = ["durable", "relaxed"]
    /// `--raw no` skips the raw loop (for profiles of the engine alone).
    var raw = true
    var writers = [1, 8, 64]
    var payloadBytes = [100, 300, 1000]
    var replayRecords = 2_000_000
    var snapshotRecords = [1_000_000, 10_000_000]

    static func parse(_ arguments: [String]) -> BenchOptions {
        var o = BenchOptions()
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch flag {
            case "--seconds": o.seconds = Double(value) ?? o.seconds
            case "--dir": o.workDirectory = value
            case "--out": o.output = value
            case "--suites": o.suites = Set(value.split(separator: ",").map(String.init))
            case "--repeat": o.repeats = max(1, Int(value) ?? o.repeats)
            case "--raw": o.raw = value != "no"
            case "--policies": o.policies = value.split(separator: ",").map(String.init)
            case "--writers": o.writers = value.split(separator: ",").compactMap { Int($0) }
            case "--payload-bytes": o.payloadBytes = value.split(separator: ",").compactMap { Int($0) }
            case "--replay-records": o.replayRecords = Int(value) ?? o.replayRecords
            case "--snapshot-records": o.snapshotRecords = value.split(separator: ",").compactMap { Int($0) }
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(64)
            }
        }
        return o
    }
}
