import Testing
@testable import Server

/// The slow-consumer rule as a table: ephemeral events go first past half the budget, the socket is cut at the
/// byte or event budget, and while all sockets together are over the global cap the lagging ones are cut.
@Suite struct SlowConsumerRuleTests {
    let rule = SlowConsumerRule(sendBytesMax: 1000, sendEventsMax: 10)

    @Test(arguments: [
        // pending, length, ephemeral, queuedSinceEmpty, overGlobalCap, verdict
        (0, 100, false, 0, false, SlowConsumerRule.Verdict.send),
        (0, 100, true, 0, false, .send),
        (500, 100, true, 3, false, .send),        // exactly half: still sent
        (501, 100, true, 3, false, .drop),        // past half: ephemeral dropped
        (501, 100, false, 3, false, .send),       // but a post still goes
        (900, 100, false, 3, false, .send),       // exactly at the budget
        (901, 100, false, 3, false, .cut),        // past it: cut off
        (901, 100, true, 3, false, .cut),
        (0, 1001, false, 0, false, .cut),         // one frame larger than the budget
        (10, 10, false, 9, false, .send),
        (10, 10, false, 10, false, .cut),         // the event budget
        (125, 10, false, 1, true, .send),         // over the global cap, keeping up
        (126, 10, false, 1, true, .cut),          // over the global cap, lagging
        (0, 10, true, 0, true, .drop),            // over the global cap: no ephemeral events at all
    ])
    func verdicts(_ c: (Int, Int, Bool, Int, Bool, SlowConsumerRule.Verdict)) {
        #expect(rule.verdict(pending: c.0, length: c.1, ephemeral: c.2, queuedSinceEmpty: c.3, overGlobalCap: c.4) == c.5)
    }
}
