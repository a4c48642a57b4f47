import Glibc
import Testing
@testable import Net

/// The loop's small value types and its inbox, without sockets.
struct LoopPrimitiveTests {
    @Test func userDataRoundTripsEveryField() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<10_000 {
            let op = [UserData.Op.accept, .recv, .send, .wake, .timeout, .cancel][rng.below(6)]
            let slot = UInt32(truncatingIfNeeded: rng.next())
            let generation = UInt32(truncatingIfNeeded: rng.next()) & UserData.generationMask
            let packed = UserData(op: op, slot: slot, generation: generation).packed
            #expect(UserData(packed: packed) == UserData(op: op, slot: slot, generation: generation))
        }
        #expect(UserData(packed: 0) == nil, "op 0 is never issued")
    }

    @Test func generationsWrapAndSkipZero() {
        #expect(UserData.nextGeneration(after: 0) == 1)
        #expect(UserData.nextGeneration(after: UserData.generationMask) == 1)
        #expect(UserData.nextGeneration(after: 7) == 8)
    }

    @Test func inboxWakesOncePerBatchAndKeepsOrder() throws {
        let inbox = Inbox<Int>(capacity: 1000)
        // Pushed from this thread, which is not the inbox's loop thread: the first push writes the eventfd.
        for i in 0..<100 { #expect(inbox.push(i)) }
        var counter: UInt64 = 0
        #expect(read(inbox.eventFD, &counter, 8) == 8)
        #expect(counter == 1, "one wake for a batch of 100")
        var out: [Int] = []
        inbox.drain(into: &out)
        #expect(out == Array(0..<100))
        // After a drain the next push wakes again.
        inbox.push(100)
        #expect(read(inbox.eventFD, &counter, 8) == 8 && counter == 1)
    }

    @Test func inboxRefusesBoundedPushesWhenFullButNotUnbounded() {
        let inbox = Inbox<Int>(capacity: 3)
        #expect(inbox.push(1) && inbox.push(2) && inbox.push(3))
        #expect(!inbox.push(4), "full: the caller decides")
        #expect(inbox.push(5, bounded: false), "responses are never refused")
        var out: [Int] = []
        inbox.drain(into: &out)
        #expect(out == [1, 2, 3, 5])
    }

    @Test func timerWheelFiresNoEarlierThanDeadlineAndAtMostOneTickLate() {
        var rng = SeededRandom(seed: 7)
        var wheel = TimerWheel(bucketCount: 64, tickMs: 10, nowMs: 0)
        var deadlines: [UInt32: Int64] = [:]
        for slot in 0..<500 as Range<UInt32> {
            let d = Int64(rng.below(3000))
            deadlines[slot] = d
            wheel.insert(slot: slot, deadlineMs: d)
        }
        var fired: [UInt32: Int64] = [:]
        var due: [UInt32] = []
        var now: Int64 = 0
        while fired.count < deadlines.count && now < 10_000 {
            now += Int64(1 + rng.below(15))
            due.removeAll()
            wheel.advance(nowMs: now, into: &due)
            for slot in due {
                // As the loop does: an entry seen before its deadline (a wrapped lap) goes back in.
                if deadlines[slot]! > now { wheel.insert(slot: slot, deadlineMs: deadlines[slot]!) } else { fired[slot] = now }
            }
        }
        #expect(fired.count == 500)
        #expect(wheel.count == 0)
        for (slot, at) in fired {
            #expect(at >= deadlines[slot]!, "slot \(slot) fired early")
            // Late by at most one tick plus the step the clock took past the deadline.
            #expect(at - deadlines[slot]! < 10 + 15, "slot \(slot) fired \(at - deadlines[slot]!) ms late")
        }
    }

    @Test func timerWheelSaysWhenToWakeNext() {
        var wheel = TimerWheel(bucketCount: 64, tickMs: 10, nowMs: 1000)
        #expect(wheel.millisecondsUntilNext(nowMs: 1000) == nil)
        wheel.insert(slot: 1, deadlineMs: 1255)
        let wait = wheel.millisecondsUntilNext(nowMs: 1000)!
        #expect(wait >= 255 && wait <= 265)
    }
}
