/// How a journal write failed: a full disk is `retryable` (probe, then resume); anything else, and every
/// failed sync, is `permanent` (fsyncgate: a retried sync proves nothing).
enum WriteFailure: Error {
    case retryable(DurabilityError)
    case permanent(DurabilityError)

    var error: DurabilityError {
        switch self {
        case .retryable(let e), .permanent(let e): return e
        }
    }

    /// Classifies an error from a write: ENOSPC is retryable.
    static func fromWrite(_ error: Error) -> WriteFailure {
        let e = error as? DurabilityError ?? .io(operation: "write", path: "?", errno: 0)
        return e.isDiskFull ? .retryable(e) : .permanent(e)
    }

    /// Classifies an error from a sync: always permanent.
    static func fromSync(_ error: Error) -> WriteFailure {
        .permanent(error as? DurabilityError ?? .io(operation: "sync", path: "?", errno: 0))
    }
}
