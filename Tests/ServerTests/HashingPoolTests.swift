import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Server

/// Blocks the pool's workers until the test lets them go, and counts how many jobs reached a worker.
private final class WorkerGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let reachedCount = Mutex(0)

    var reached: Int { reachedCount.withLock { $0 } }

    /// Runs on a worker thread, never on the task pool, so blocking here is what a slow hash would do.
    func pass() {
        reachedCount.withLock { $0 += 1 }
        semaphore.wait()
    }

    func open(_ jobs: Int) {
        for _ in 0..<jobs { semaphore.signal() }
    }
}

@Suite struct HashingPoolTests {
    static let hasher = PasswordHasher(iterations: 1)
    /// Polling bound for states other threads reach; the test waits for a state, never for a duration.
    static let pollsMax = 10_000

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<Self.pollsMax {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("the awaited state never arrived")
    }

    private func expectBusy(_ body: () async throws(AppError) -> Void) async -> Bool {
        do {
            try await body()
            return false
        } catch {
            return error.statusCode == 503 && error.id == "api.context.server_busy.app_error"
                && error.message == "The server is busy; try again shortly."
        }
    }

    @Test func hashAndVerifyRoundTrip() async throws {
        let pool = HashingPool(threads: 2, queueCapacity: 16, hasher: Self.hasher)
        defer { pool.shutdown() }
        let phc = try await pool.hash(Array("secret".utf8))
        #expect(try await pool.verify(Array("secret".utf8), against: phc))
        #expect(try await !pool.verify(Array("Secret".utf8), against: phc))
        #expect(try await !pool.verify(Array("secret".utf8), against: "not a phc"))
    }

    @Test func fullQueueAnswers503AtOnce() async throws {
        let gate = WorkerGate()
        let pool = HashingPool(threads: 1, queueCapacity: 2, hasher: Self.hasher, beforeEachJob: gate.pass)
        let running = Task { try await pool.hash(Array("a".utf8)) }
        try await waitUntil { gate.reached == 1 }
        let waiting = [Task { try await pool.hash(Array("b".utf8)) }, Task { try await pool.hash(Array("c".utf8)) }]
        try await waitUntil { pool.queued == 2 }

        var refused = 0
        for _ in 0..<5 where await expectBusy({ () async throws(AppError) in _ = try await pool.hash([0x78]) }) {
            refused += 1
        }
        if await expectBusy({ () async throws(AppError) in _ = try await pool.verify([0x78], against: "x") }) {
            refused += 1
        }
        #expect(refused == 6)
        #expect(pool.queued == 2)

        gate.open(3)
        let phcs = [try await running.value, try await waiting[0].value, try await waiting[1].value]
        for (phc, password) in zip(phcs, ["a", "b", "c"]) {
            #expect(Self.hasher.verify(Array(password.utf8), against: phc))
        }
        #expect(gate.reached == 3)
        pool.shutdown()
    }

    @Test func overLongPasswordIsRefusedWithoutHashing() async throws {
        let gate = WorkerGate()
        gate.open(1)
        let pool = HashingPool(threads: 1, queueCapacity: 4, hasher: Self.hasher, beforeEachJob: gate.pass)
        defer { pool.shutdown() }
        let tooLong = [UInt8](repeating: 0x61, count: PasswordHasher.passwordBytesMax + 1)
        do {
            _ = try await pool.hash(tooLong)
            Issue.record("an over-long password was hashed")
        } catch {
            #expect(error.statusCode == 400)
            #expect(error.id == "model.user.is_valid.pwd_max_length.app_error")
        }
        let megabyte = [UInt8](repeating: 0x61, count: 1 << 20)
        #expect(try await !pool.verify(megabyte, against: Self.hasher.hash([0x61])))
        #expect(gate.reached == 0)

        let longest = [UInt8](repeating: 0x61, count: PasswordHasher.passwordBytesMax)
        let phc = try await pool.hash(longest)
        #expect(Self.hasher.verify(longest, against: phc))
        #expect(gate.reached == 1)
    }

    @Test func shutdownAnswersWaitingJobsAndRefusesNewOnes() async throws {
        let gate = WorkerGate()
        let pool = HashingPool(threads: 1, queueCapacity: 2, hasher: Self.hasher, beforeEachJob: gate.pass)
        let running = Task { try await pool.hash(Array("a".utf8)) }
        try await waitUntil { gate.reached == 1 }
        let waiting = Task { () async -> Result<String, AppError> in
            do throws(AppError) {
                return .success(try await pool.hash(Array("b".utf8)))
            } catch {
                return .failure(error)
            }
        }
        try await waitUntil { pool.queued == 1 }

        // shutdown joins the blocked worker, so it runs on a thread of its own rather than the task pool.
        let stopped = DispatchSemaphore(value: 0)
        Thread {
            pool.shutdown()
            stopped.signal()
        }.start()
        #expect(await expectBusy({ () async throws(AppError) in _ = try await waiting.value.get() }))
        gate.open(1)
        #expect(Self.hasher.verify(Array("a".utf8), against: try await running.value))
        try await waitUntil { stopped.wait(timeout: .now()) == .success }
        #expect(await expectBusy({ () async throws(AppError) in _ = try await pool.hash([0x61]) }))
        #expect(pool.queued == 0)
    }

    @Test func manyConcurrentJobsAllComplete() async throws {
        let pool = HashingPool(threads: 2, queueCapacity: 64, hasher: Self.hasher)
        defer { pool.shutdown() }
        let phc = Self.hasher.hash(Array("pw".utf8))
        let matches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<48 {
                group.addTask { try await pool.verify(Array((index % 2 == 0 ? "pw" : "no").utf8), against: phc) }
            }
            var count = 0
            for try await match in group where match { count += 1 }
            return count
        }
        #expect(matches == 24)
    }
}
