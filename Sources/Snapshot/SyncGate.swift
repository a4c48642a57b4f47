/// A door that sync calls of `FaultyStorage` pass through: open by default; while closed they wait.
/// Tests close it to hold the journal writer inside an fdatasync while appends gather.
final class SyncGate: @unchecked Sendable {
    private let lock = ConditionLock()
    private var open = true  // guarded by lock
    private var waitingCount = 0  // guarded by lock

    func set(open: Bool) {
        lock.withLock { self.open = open }
        lock.broadcast()
    }

    var waiting: Int { lock.withLock { waitingCount } }

    func pass() {
        lock.withLock {
            waitingCount += 1
            while !open { lock.wait(nanos: nil) }
            waitingCount -= 1
        }
    }
}
