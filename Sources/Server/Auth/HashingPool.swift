import CShims
import Glibc

/// A fixed set of worker threads that run password hashing and verification.
///
/// One PBKDF2 verification costs a core for a noticeable fraction of a second. On Swift's cooperative pool it
/// would starve every other task, and on a network loop thread it would stall every connection, so the work
/// runs on threads of its own. The queue in front of them is bounded: when it is full, callers get a 503 at once
/// instead of waiting without end, which keeps a login flood from turning into unbounded memory and latency.
final class HashingPool: Sendable {
    static let threadsMax = 64
    static let queueCapacityMax = 100_000

    /// Results travel as values: `withCheckedThrowingContinuation` would erase `AppError` to `any Error`.
    fileprivate typealias Continuation<T> = CheckedContinuation<Result<T, AppError>, Never>

    let hasher: PasswordHasher
    private let queue: JobQueue
    /// Written once in `init`, before any thread can see the pool; `pthread_t` is an integer on Linux.
    private let threads: [pthread_t]

    convenience init(threads: Int, queueCapacity: Int, hasher: PasswordHasher) {
        self.init(threads: threads, queueCapacity: queueCapacity, hasher: hasher, beforeEachJob: {})
    }

    /// `beforeEachJob` runs on the worker thread after it takes a job and before it hashes; tests block the
    /// workers with it to fill the queue deterministically.
    init(threads: Int, queueCapacity: Int, hasher: PasswordHasher, beforeEachJob: @escaping @Sendable () -> Void) {
        precondition((1...Self.threadsMax).contains(threads), "HashingPool threads \(threads) out of range")
        precondition(
            (1...Self.queueCapacityMax).contains(queueCapacity),
            "HashingPool queueCapacity \(queueCapacity) out of range")
        self.hasher = hasher
        let queue = JobQueue(capacity: queueCapacity)
        self.queue = queue
        self.threads = (0..<threads).map { index in
            Worker(name: "parley-hash-\(index)", queue: queue, hasher: hasher, beforeEachJob: beforeEachJob).start()
        }
    }

    deinit {
        shutdown()
    }

    /// The number of jobs waiting for a worker (not counting those being hashed).
    var queued: Int { queue.waiting }

    /// Hashes on a worker thread. Over-long passwords are refused before queueing so they cost no CPU (A21).
    func hash(_ password: [UInt8]) async throws(AppError) -> String {
        guard password.count <= PasswordHasher.passwordBytesMax else { throw Self.passwordTooLong() }
        let result = await withCheckedContinuation { (continuation: Continuation<String>) in
            // The copy is made here so the job is its buffer's only owner and zeroing it reaches the real bytes.
            queue.submit(Job(password: Self.privateCopy(password), work: .hash(continuation)))
        }
        return try result.get()
    }

    /// Verifies on a worker thread. An over-long password cannot match any stored hash, so it is answered false
    /// without hashing, the same answer a wrong password gets.
    func verify(_ password: [UInt8], against phc: String) async throws(AppError) -> Bool {
        guard password.count <= PasswordHasher.passwordBytesMax else { return false }
        let result = await withCheckedContinuation { (continuation: Continuation<Bool>) in
            queue.submit(Job(password: Self.privateCopy(password), work: .verify(phc: phc, continuation)))
        }
        return try result.get()
    }

    /// Refuses new jobs, answers the waiting ones with 503, lets the running ones finish and joins the threads.
    /// Only the first call joins; later calls return at once. It blocks, so call it from a thread that may block.
    func shutdown() {
        guard var abandoned = queue.close() else { return }
        for index in abandoned.indices {
            abandoned[index].reject(Self.serverBusy())
        }
        let me = pthread_self()
        for thread in threads where pthread_equal(thread, me) == 0 {
            _ = pthread_join(thread, nil)
        }
    }

    static func serverBusy() -> AppError {
        AppError(
            id: "api.context.server_busy.app_error", message: "The server is busy; try again shortly.", statusCode: 503)
    }

    static func passwordTooLong() -> AppError {
        AppError(
            id: "model.user.is_valid.pwd_max_length.app_error",
            message: "The password must be at most \(PasswordHasher.passwordBytesMax) bytes long.", statusCode: 400)
    }

    /// A copy in a freshly allocated buffer: `Array(password)` would share the caller's storage.
    private static func privateCopy(_ password: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: password.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: password)
        }
    }
}

/// One unit of work and the continuation that waits for it.
private struct Job: Sendable {
    enum Work: Sendable {
        case hash(HashingPool.Continuation<String>)
        case verify(phc: String, HashingPool.Continuation<Bool>)
    }

    var password: [UInt8]
    let work: Work

    /// Runs the job, zeroes the password and then resumes the caller.
    mutating func run(_ hasher: PasswordHasher) {
        switch work {
        case .hash(let continuation):
            let phc = hasher.hash(password)
            PasswordHasher.cleanse(&password)
            continuation.resume(returning: .success(phc))
        case .verify(let phc, let continuation):
            let matches = hasher.verify(password, against: phc)
            PasswordHasher.cleanse(&password)
            continuation.resume(returning: .success(matches))
        }
    }

    mutating func reject(_ error: AppError) {
        PasswordHasher.cleanse(&password)
        switch work {
        case .hash(let continuation): continuation.resume(returning: .failure(error))
        case .verify(_, let continuation): continuation.resume(returning: .failure(error))
        }
    }
}

/// The bounded FIFO between callers and workers: a ring of `capacity` slots behind a pthread mutex, with a
/// condition variable the idle workers sleep on.
private final class JobQueue: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    // Everything below is guarded by `mutex`.
    private var ring: [Job?]
    private var head = 0
    private var count = 0
    private var closed = false

    init(capacity: Int) {
        ring = Array(repeating: nil, count: capacity)
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
        precondition(pthread_cond_init(condition, nil) == 0, "pthread_cond_init failed")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    var waiting: Int { locked { count } }

    /// Queues the job, or answers it with 503 at once when the ring is full or the pool is shut down.
    func submit(_ job: consuming Job) {
        // Locked by hand rather than through `locked`: a closure cannot consume the job on one path only.
        pthread_mutex_lock(mutex)
        guard !closed, count < ring.count else {
            pthread_mutex_unlock(mutex)
            job.reject(HashingPool.serverBusy())
            return
        }
        ring[(head + count) % ring.count] = job
        count += 1
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
    }

    /// Blocks until a job is waiting, or returns nil once the queue is closed.
    func take() -> Job? {
        locked {
            while count == 0 && !closed {
                pthread_cond_wait(condition, mutex)
            }
            guard !closed else { return nil }
            let job = ring[head].take()
            head = (head + 1) % ring.count
            count -= 1
            return job
        }
    }

    /// Closes the queue and hands back the jobs still waiting; nil when it was already closed.
    func close() -> [Job]? {
        let abandoned = locked { () -> [Job]? in
            guard !closed else { return nil }
            closed = true
            var jobs: [Job] = []
            jobs.reserveCapacity(count)
            while count > 0 {
                if let job = ring[head].take() { jobs.append(job) }
                head = (head + 1) % ring.count
                count -= 1
            }
            return jobs
        }
        pthread_cond_broadcast(condition)
        return abandoned
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// What one worker thread needs. The thread holds it, not the pool, so dropping the pool can shut it down.
private final class Worker: Sendable {
    let name: String
    let queue: JobQueue
    let hasher: PasswordHasher
    let beforeEachJob: @Sendable () -> Void

    init(name: String, queue: JobQueue, hasher: PasswordHasher, beforeEachJob: @escaping @Sendable () -> Void) {
        self.name = name
        self.queue = queue
        self.hasher = hasher
        self.beforeEachJob = beforeEachJob
    }

    func start() -> pthread_t {
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let worker = Unmanaged<Worker>.fromOpaque(raw!).takeRetainedValue()
            worker.run()
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return thread
    }

    private func run() {
        parley_set_thread_name(name)
        while var job = queue.take() {
            beforeEachJob()
            job.run(hasher)
        }
    }
}
