/// A hashed timer wheel holding at most one entry per connection slot. A connection's real deadline lives in the
/// connection; the wheel only says when to look again. When a bucket fires, the loop compares each slot's current
/// deadline with now and re-inserts the ones pushed later, so resetting a deadline on every request costs nothing.
struct TimerWheel {
    private var buckets: [[UInt32]]
    private let tickMs: Int64
    private var cursorTick: Int64        // the next tick to fire
    private(set) var count = 0

    init(bucketCount: Int = 512, tickMs: Int64 = 100, nowMs: Int64) {
        precondition(bucketCount > 0 && tickMs > 0, "timer wheel \(bucketCount) × \(tickMs) ms")
        buckets = Array(repeating: [], count: bucketCount)
        self.tickMs = tickMs
        cursorTick = nowMs / tickMs
    }

    /// Schedules `slot` to be looked at no earlier than `deadlineMs` (it may be looked at later, by up to one tick;
    /// far deadlines wrap and are re-inserted when examined early).
    mutating func insert(slot: UInt32, deadlineMs: Int64) {
        let tick = max(deadlineMs / tickMs + 1, cursorTick)
        buckets[Int(tick % Int64(buckets.count))].append(slot)
        count += 1
    }

    /// Milliseconds until the next non-empty bucket may fire, or nil when empty. Bounded by one lap of the wheel.
    func millisecondsUntilNext(nowMs: Int64) -> Int64? {
        guard count > 0 else { return nil }
        for step in 0..<Int64(buckets.count) {
            let tick = cursorTick + step
            if !buckets[Int(tick % Int64(buckets.count))].isEmpty {
                return max(0, tick * tickMs - nowMs)
            }
        }
        return nil
    }

    /// Every slot whose bucket has come due by `nowMs`; the caller checks the real deadline of each.
    mutating func advance(nowMs: Int64, into due: inout [UInt32]) {
        let nowTick = nowMs / tickMs
        var laps = 0
        while cursorTick <= nowTick && laps < buckets.count {
            let i = Int(cursorTick % Int64(buckets.count))
            if !buckets[i].isEmpty {
                count -= buckets[i].count
                due.append(contentsOf: buckets[i])
                buckets[i].removeAll(keepingCapacity: buckets[i].count <= 64)
            }
            cursorTick += 1
            laps += 1
        }
        if cursorTick <= nowTick { cursorTick = nowTick + 1 }
    }
}
