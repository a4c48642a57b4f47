import Dispatch
import Synchronization

/// Runs async engine calls from the synchronous commands. The root command stays synchronous on purpose:
/// `serve` must block SIGTERM/SIGINT before any thread exists (an async `main` would start the cooperative
/// pool first, and a thread without the mask could take the signal and kill the process).
enum BlockingBridge {
    /// Runs `body` in a task and waits for it on the calling thread, which must not be a pool thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
