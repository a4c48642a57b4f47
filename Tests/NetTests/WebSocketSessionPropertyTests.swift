import Testing
@testable import Net

/// Seeded random schedules of inputs, checking the session's rules as invariants over whole runs.
@Suite struct WebSocketSessionPropertyTests {
    typealias Action = WebSocketSession.Action

    /// What the test remembers about a run, to judge each action against the rules.
    struct Observed {
        var lastHeardMs: Int64 = 0
        var lastPingMs: Int64?
        var pingOutstanding = false
        var closeSentMs: Int64?
    }

    @Test func randomSchedulesKeepTheRules() {
        let seed = SeededRandom.baseSeed &+ 4
        var rng = SeededRandom(seed: seed)
        for run in 0..<2_000 {
            var session = WebSocketSession(now: 0)
            var observed = Observed()
            var now: Int64 = 0
            for step in 0..<60 where session.phase != .closed {
                now = nextTime(after: now, session: session, rng: &rng)
                let context = "seed \(seed) run \(run) step \(step) at \(now)"
                let input = Int.random(in: 0..<20, using: &rng)
                let phase = session.phase
                let action = apply(input, to: &session, at: now)
                check(action, input: input, phase: phase, observed: &observed, now: now, context: context)
            }
        }
    }

    /// Random steps, and often the session's own deadline or the millisecond before it, so that off-by-one
    /// errors in the timers are hit.
    func nextTime(after now: Int64, session: WebSocketSession, rng: inout SeededRandom) -> Int64 {
        if let deadline = session.nextDeadlineMs, Bool.random(using: &rng) {
            let target = deadline - Int64.random(in: 0...1, using: &rng)
            if target >= now { return target }
        }
        return now + Int64.random(in: 0...40_000, using: &rng)
    }

    /// Mostly timer ticks, as in a real connection, with occasional frames and closes.
    func apply(_ input: Int, to session: inout WebSocketSession, at now: Int64) -> Action {
        switch input {
        case 0..<10: return session.tick(at: now)
        case 10..<13: return session.messageReceived(at: now)
        case 13: return [1, 2].withUnsafeBytes { session.pingReceived($0, at: now) }
        case 14..<16: return session.pongReceived(at: now)
        case 16: return session.closeReceived(code: nil, at: now)
        case 17: return session.close(code: 1000, reason: "", at: now)
        case 18: return session.parseFailed(closeCode: 1002, reason: "x")
        default: return session.connectionLost()
        }
    }

    func check(_ action: Action, input: Int, phase: WebSocketSession.Phase, observed: inout Observed, now: Int64,
               context: String) {
        let timeouts = WebSocketTimeouts()
        let isFrame = (10..<17).contains(input)
        if isFrame && phase == .open {
            observed.lastHeardMs = now
            observed.pingOutstanding = false
        }
        switch action {
        case .sendPing:
            #expect(phase == .open, "\(context)")
            #expect(now - observed.lastHeardMs >= timeouts.pingIntervalMs, "ping before an interval of silence, \(context)")
            if let last = observed.lastPingMs {
                #expect(now - last >= timeouts.pingIntervalMs, "ping within an interval of the last, \(context)")
            }
            observed.lastPingMs = now
            observed.pingOutstanding = true
        case .sendCloseAndShutdown(let code, _) where input < 10:
            #expect(code == 1001 && observed.pingOutstanding, "\(context)")
            #expect(now - observed.lastPingMs! >= timeouts.pongTimeoutMs, "closed before the pong timeout, \(context)")
        case .closeConnection where input < 10:
            #expect(now - observed.closeSentMs! >= timeouts.closeTimeoutMs, "gave up before the close timeout, \(context)")
        case .none where input < 10 && phase == .closing:
            #expect(now - observed.closeSentMs! < timeouts.closeTimeoutMs, "close timeout missed, \(context)")
        case .sendClose:
            observed.closeSentMs = now
        case .deliver:
            #expect(phase == .open, "\(context)")
        case .none, .sendPong, .sendCloseAndShutdown, .closeConnection:
            break
        }
        if phase == .closed { #expect(action == .none, "\(context)") }
        if phase == .closing && isFrame && input != 16 { #expect(action == .none, "frame acted on while closing, \(context)") }
        if input < 10 && phase == .open && action == .none {
            // A tick that does nothing must be one where no rule was due.
            let pingDue = !observed.pingOutstanding && now - observed.lastHeardMs >= timeouts.pingIntervalMs
            let timeoutDue = observed.pingOutstanding && now - observed.lastPingMs! >= timeouts.pongTimeoutMs
            #expect(!pingDue && !timeoutDue, "tick missed a due action, \(context)")
        }
    }
}
