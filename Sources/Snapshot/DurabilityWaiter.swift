/// A task suspended in `Journal.durable(_:)` or `flush()`, resumed by the writer thread once the
/// watermark passes its LSN. Ordered by LSN (then arrival), so waiters resume in LSN order.
struct DurabilityWaiter: Comparable {
    let lsn: LSN
    let sequence: UInt64
    let continuation: CheckedContinuation<Void, Error>

    static func < (a: DurabilityWaiter, b: DurabilityWaiter) -> Bool {
        (a.lsn, a.sequence) < (b.lsn, b.sequence)
    }

    static func == (a: DurabilityWaiter, b: DurabilityWaiter) -> Bool {
        a.lsn == b.lsn && a.sequence == b.sequence
    }
}
