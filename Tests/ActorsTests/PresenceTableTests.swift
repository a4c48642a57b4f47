import Testing
@testable import Actors

@Suite struct PresenceTableTests {
    let user = ID(high: 7, low: 9)

    @Test func liveConnectionsDecideOnlineAwayAndOffline() {
        let clock = ManualChatClock()
        let p = PresenceTable(clock: clock, awayAfterMillis: 300_000)
        #expect(p.status(of: user) == "offline")
        p.connection(user, opened: true)
        p.connection(user, opened: true)
        #expect(p.status(of: user) == "online")
        clock.advance(millis: 299_999)
        #expect(p.isOnline(user))
        clock.advance(millis: 1)
        #expect(p.status(of: user) == "away")
        p.activity(user)
        #expect(p.status(of: user) == "online")
        p.activity(user, active: false)
        #expect(p.status(of: user) == "away")
        p.connection(user, opened: false)
        #expect(p.status(of: user) == "away")
        p.connection(user, opened: false)
        #expect(p.status(of: user) == "offline")
        p.connection(user, opened: false)   // a stray close never goes below zero
        p.connection(user, opened: true)
        #expect(p.status(of: user) == "online")
    }

    @Test func manualStatusesWinAndOnlineReturnsToAutomatic() {
        let clock = ManualChatClock()
        let p = PresenceTable(clock: clock)
        p.connection(user, opened: true)
        for manual in ["dnd", "away", "offline"] {
            p.setManual(user, manual)
            #expect(p.status(of: user) == manual && p.isManual(user))
            p.activity(user)
            #expect(p.status(of: user) == manual)
        }
        p.setManual(user, "online")
        #expect(p.status(of: user) == "online" && !p.isManual(user))
        p.connection(user, opened: false)
        #expect(p.status(of: user) == "offline")
        // Set online by hand without a connection: online until the away rule says otherwise.
        p.setManual(user, "online")
        #expect(p.status(of: user) == "online")
        clock.advance(millis: PresenceTable.awayAfterMillisDefault)
        #expect(p.status(of: user) == "away")
    }
}
