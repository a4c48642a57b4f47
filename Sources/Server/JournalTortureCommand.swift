import ArgumentParser
import Foundation
import Snapshot
import Synchronization

/// `parley journal torture --data-dir D --seed S` (hidden): the child process of the crash test (RELIABILITY
/// T1 at engine level). It recovers the directory through the real engine, then appends diagnostic records
/// from several concurrent tasks and prints `ack <LSN> <CRC-32C of the payload> <length>` the moment each
/// `durable` returns — one unbuffered write per line, so every line a reader gets is an acknowledgement the
/// engine really gave. The test kills it with SIGKILL and checks that every acknowledged record survived.
struct JournalTortureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torture",
        abstract: "Append seeded records concurrently and print each acknowledged LSN (for the crash test).",
        shouldDisplay: false
    )

    @Option(name: .customLong("data-dir"), help: "The data directory (created when missing).") var dataDir: String
    @Option(help: "Seeds the payloads.") var seed: UInt64
    @Option(help: "Concurrent writer tasks.") var writers = 8
    @Option(help: "Records to append in all, then exit cleanly (0: recover and exit; absent: until killed).") var records: Int?
    @Option(help: "Largest payload; lengths are uniform in 1...this.") var payloadBytesMax = 512
    @Option(help: "Journal segment size (small, so that runs cross segments).") var segmentBytes = 256 << 10
    @Option(help: "durable or relaxed.") var policy = "durable"

    func validate() throws {
        guard writers > 0, (records ?? 0) >= 0, payloadBytesMax > 0 else { throw ValidationError("counts must be positive") }
        guard policy == "durable" || policy == "relaxed" else { throw ValidationError("--policy is durable or relaxed") }
    }

    func run() throws {
        let logger = OperatorTool.logger()
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        var configuration = DurabilityConfiguration(policy: policy == "durable" ? .durable : .relaxed)
        configuration.segmentBytes = segmentBytes
        configuration.recordBytesMax = payloadBytesMax
        let session: DurabilitySession
        do {
            session = try DurabilitySession.open(dataDirectory: dataDir, configuration: configuration,
                                                 options: RecoveryOptions(), logger: logger)
        } catch {
            throw Console.fail("cannot open \(dataDir): \(error)")
        }
        for line in session.reportLines { Console.error(line) }
        let diagnostics = session.components.diagnostics
        Console.outputNow("started \(session.report.lastLSN) records \(diagnostics.current.records)")
        let plan = Plan(seed: seed, records: records, payloadBytesMax: payloadBytesMax)
        let writers = self.writers
        do {
            try BlockingBridge.run {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<writers {
                        group.addTask { try await plan.write(writer: index, diagnostics, session.engine.journal) }
                    }
                    try await group.waitForAll()
                }
            }
        } catch {
            session.close()
            throw Console.fail("torture stopped: \(error)")
        }
        session.close()
        Console.outputNow("done \(diagnostics.current.lastLSN)")
    }

    /// What every writer task shares: the seed, and the count of records claimed so far.
    final class Plan: Sendable {
        let seed: UInt64
        /// nil: until killed.
        let records: Int?
        let payloadBytesMax: Int
        private let claimed = Atomic<Int>(0)

        init(seed: UInt64, records: Int?, payloadBytesMax: Int) {
            self.seed = seed
            self.records = records
            self.payloadBytesMax = payloadBytesMax
        }

        /// One writer: append, wait for durability, print the acknowledgement; until the quota is used up.
        func write(writer index: Int, _ diagnostics: DiagnosticRecords, _ journal: Journal) async throws {
            var random = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
            while records.map({ claimed.add(1, ordering: .relaxed).newValue <= $0 }) ?? true {
                let payload = JournalTortureCommand.payload(&random, bytesMax: payloadBytesMax)
                let lsn = try diagnostics.append(payload)
                try await journal.durable(lsn)
                Console.outputNow("ack \(lsn) \(JournalTortureCommand.hex(CRC32C.checksum(payload))) \(payload.count)")
            }
        }
    }

    static func payload(_ random: inout SeededRandom, bytesMax: Int) -> [UInt8] {
        let count = Int.random(in: 1...bytesMax, using: &random)
        var bytes = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = random.next()
            for _ in 0..<min(8, count - i) {
                bytes[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return bytes
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
