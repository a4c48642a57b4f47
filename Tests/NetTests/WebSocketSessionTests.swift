import Testing
@testable import Net

/// The lifecycle rules, with time injected as plain numbers (default timeouts: ping 30 s, pong 75 s, close 5 s).
@Suite struct WebSocketSessionTests {
    typealias Action = WebSocketSession.Action

    static func pong(_ session: inout WebSocketSession, at now: Int64) -> Action { session.pongReceived(at: now) }

    static func ping(_ session: inout WebSocketSession, _ payload: [UInt8], at now: Int64) -> Action {
        payload.withUnsafeBytes { session.pingReceived($0, at: now) }
    }

    @Test func pingsAfterAnIntervalOfSilenceAndNotBefore() {
        var session = WebSocketSession(now: 1_000)
        #expect(session.nextDeadlineMs == 31_000)
        #expect(session.tick(at: 30_999) == .none)
        #expect(session.tick(at: 31_000) == .sendPing)
        #expect(session.nextDeadlineMs == 106_000)
    }

    @Test func trafficPostponesThePing() {
        var session = WebSocketSession(now: 0)
        #expect(session.messageReceived(at: 20_000) == .deliver)
        #expect(session.tick(at: 30_000) == .none)
        #expect(session.nextDeadlineMs == 50_000)
        #expect(session.tick(at: 49_999) == .none)
        #expect(session.tick(at: 50_000) == .sendPing)
    }

    @Test func neverPingsMoreOftenThanTheInterval() {
        var session = WebSocketSession(now: 0)
        #expect(session.tick(at: 30_000) == .sendPing)
        // While the ping is outstanding no second one is sent, however often the timer fires.
        for now in stride(from: Int64(30_001), to: 105_000, by: 997) {
            #expect(session.tick(at: now) == .none, "tick at \(now)")
        }
        #expect(Self.pong(&session, at: 31_000) == .none)
        #expect(session.tick(at: 60_999) == .none)
        #expect(session.tick(at: 61_000) == .sendPing)
    }

    @Test func unansweredPingClosesWithGoingAway() {
        var session = WebSocketSession(now: 0)
        #expect(session.tick(at: 30_000) == .sendPing)
        #expect(session.tick(at: 104_999) == .none)
        #expect(session.tick(at: 105_000) == .sendCloseAndShutdown(code: 1001, reason: "ping timeout"))
        #expect(session.phase == .closed)
        #expect(session.nextDeadlineMs == nil)
        #expect(session.tick(at: 200_000) == .none)
    }

    @Test(arguments: ["message", "ping", "pong"])
    func anyFrameAnswersAnOutstandingPing(kind: String) {
        var session = WebSocketSession(now: 0)
        #expect(session.tick(at: 30_000) == .sendPing)
        switch kind {
        case "message": #expect(session.messageReceived(at: 100_000) == .deliver)
        case "ping": #expect(Self.ping(&session, [7], at: 100_000) == .sendPong([7]))
        default: #expect(Self.pong(&session, at: 100_000) == .none)
        }
        #expect(session.tick(at: 105_000) == .none)
        #expect(session.tick(at: 130_000) == .sendPing)
    }

    @Test func pingIsAnsweredWithItsPayload() {
        var session = WebSocketSession(now: 0)
        let payload = Array(0..<125).map { UInt8($0) }
        #expect(Self.ping(&session, payload, at: 5) == .sendPong(payload))
        #expect(Self.ping(&session, [], at: 6) == .sendPong([]))
    }

    @Test func peerCloseIsEchoedAndTheConnectionClosed() {
        var session = WebSocketSession(now: 0)
        #expect(session.closeReceived(code: 4001, at: 10) == .sendCloseAndShutdown(code: 4001, reason: ""))
        #expect(session.phase == .closed)
        var empty = WebSocketSession(now: 0)
        #expect(empty.closeReceived(code: nil, at: 10) == .sendCloseAndShutdown(code: 1000, reason: ""))
    }

    @Test func ourCloseWaitsForThePeersClose() {
        var session = WebSocketSession(now: 0)
        #expect(session.close(code: 1001, reason: "restart", at: 100) == .sendClose(code: 1001, reason: "restart"))
        #expect(session.phase == .closing)
        #expect(session.closeReceived(code: 1001, at: 200) == .closeConnection)
        #expect(session.phase == .closed)
    }

    @Test func ourCloseGivesUpAfterTheCloseTimeout() {
        var session = WebSocketSession(now: 0)
        #expect(session.close(code: 1008, reason: "policy", at: 100) == .sendClose(code: 1008, reason: "policy"))
        #expect(session.nextDeadlineMs == 5_100)
        // No pings while closing, even after a long silence.
        #expect(session.tick(at: 5_099) == .none)
        #expect(session.tick(at: 5_100) == .closeConnection)
        #expect(session.phase == .closed)
        #expect(session.closeReceived(code: 1000, at: 5_200) == .none)
    }

    @Test func framesAfterOurCloseAreIgnoredExceptClose() {
        var session = WebSocketSession(now: 0)
        _ = session.close(code: 1000, reason: "", at: 0)
        #expect(session.messageReceived(at: 1) == .none)
        #expect(Self.ping(&session, [1], at: 2) == .none)
        #expect(Self.pong(&session, at: 3) == .none)
        #expect(session.close(code: 1001, reason: "again", at: 4) == .none)
        #expect(session.phase == .closing)
        #expect(session.closeReceived(code: nil, at: 5) == .closeConnection)
    }

    @Test func parseFailureSendsItsCodeAndCloses() {
        var session = WebSocketSession(now: 0)
        #expect(session.parseFailed(closeCode: 1009, reason: "message too big")
                == .sendCloseAndShutdown(code: 1009, reason: "message too big"))
        #expect(session.phase == .closed)
        #expect(session.parseFailed(closeCode: 1002, reason: "x") == .none)
    }

    @Test func parseFailureWhileClosingJustCloses() {
        // A second close frame is not allowed once ours is sent.
        var session = WebSocketSession(now: 0)
        _ = session.close(code: 1000, reason: "", at: 0)
        #expect(session.parseFailed(closeCode: 1002, reason: "reserved bits set") == .closeConnection)
    }

    @Test func closedSessionDoesNothing() {
        var session = WebSocketSession(now: 0)
        #expect(session.connectionLost() == .none)
        #expect(session.messageReceived(at: 1) == .none)
        #expect(Self.ping(&session, [], at: 2) == .none)
        #expect(Self.pong(&session, at: 3) == .none)
        #expect(session.close(code: 1000, reason: "", at: 4) == .none)
        #expect(session.closeReceived(code: 1000, at: 5) == .none)
        #expect(session.tick(at: 1_000_000) == .none)
        #expect(session.phase == .closed)
    }

    @Test func customTimeouts() {
        var timeouts = WebSocketTimeouts()
        timeouts.pingIntervalMs = 10
        timeouts.pongTimeoutMs = 25
        timeouts.closeTimeoutMs = 3
        var session = WebSocketSession(timeouts: timeouts, now: 0)
        #expect(session.tick(at: 10) == .sendPing)
        #expect(session.tick(at: 34) == .none)
        #expect(session.tick(at: 35) == .sendCloseAndShutdown(code: 1001, reason: "ping timeout"))
    }
}
