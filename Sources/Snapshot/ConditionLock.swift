import Glibc

/// A pthread mutex with one condition variable. The journal's writer thread sleeps on it; `append`, which
/// runs inside actors, takes it only for a short, non-suspending critical section.
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        // Timed waits measure against the monotonic clock, so a wall-clock jump cannot stall the writer.
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        precondition(pthread_cond_init(condition, &attr) == 0, "pthread_cond_init failed")
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    @inline(__always)
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Wakes the thread waiting in `wait`. Call with or without the lock held.
    func signal() {
        pthread_cond_signal(condition)
    }

    func broadcast() {
        pthread_cond_broadcast(condition)
    }

    /// Waits with the lock held (inside `withLock`), for at most `nanos` real nanoseconds when given.
    func wait(nanos: UInt64?) {
        guard let nanos else {
            pthread_cond_wait(condition, mutex)
            return
        }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let total = UInt64(ts.tv_nsec) + nanos
        ts.tv_sec += Int(total / 1_000_000_000)
        ts.tv_nsec = Int(total % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &ts)
    }
}
