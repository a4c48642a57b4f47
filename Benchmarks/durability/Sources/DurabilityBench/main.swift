import Foundation
import Snapshot

// The durability engine's benchmarks (reported, not asserted): append throughput per policy beside a raw
// pwrite+fdatasync loop at the same batch size on the same disk, replay rate, snapshot write and recovery
// time for many small records, and append latency while a snapshot is written. See README.md.

let options = BenchOptions.parse(CommandLine.arguments)
try FileManager.default.createDirectory(atPath: options.workDirectory, withIntermediateDirectories: true)
var report = BenchReport()
report.machine = BenchReport.machineDescription(workDirectory: options.workDirectory)
report.seconds = options.seconds

if options.suites.contains("append") {
    report.append = try await AppendSuite(options: options).run()
}

if options.suites.contains("replay") {
    let r = try await ReplayBench(options: options).run(records: options.replayRecords)
    report.replay = r
    BenchSupport.line("replay: \(r.records) records of \(r.payloadBytes) B in \(BenchReport.fmt(r.seconds, 2)) s ="
        + " \(BenchReport.fmt(r.recordsPerSecond, 0)) records/s, \(BenchReport.fmt(r.mbPerSecond, 0)) MB/s (goal 1,000,000 records/s)")
}

if options.suites.contains("snapshot") {
    for count in options.snapshotRecords {
        let s = try await SnapshotBench(options: options).run(records: count)
        report.snapshots.append(s)
        let l = s.latency
        BenchSupport.line("snapshot: \(count) records of 32 B: \(s.fileBytes) bytes written in \(BenchReport.fmt(s.writeSeconds, 2)) s,"
            + " recovered in \(BenchReport.fmt(s.recoverSeconds, 2)) s; under load \(BenchReport.fmt(l.snapshotSecondsUnderLoad, 2)) s")
        BenchSupport.line("  append latency (\(l.writers) writers, 100 B, durable): idle p50 \(BenchReport.fmt(l.idleP50Micros, 0)) µs"
            + " p99 \(BenchReport.fmt(l.idleP99Micros, 0)) µs max \(BenchReport.fmt(l.idleMaxMicros, 0)) µs;"
            + " during snapshot p50 \(BenchReport.fmt(l.duringP50Micros, 0)) µs p99 \(BenchReport.fmt(l.duringP99Micros, 0)) µs"
            + " max \(BenchReport.fmt(l.duringMaxMicros, 0)) µs (\(l.duringSamples) samples)")
    }
}

try report.write(to: options.output)
BenchSupport.line("wrote \(options.output)")
