import CShims
import Glibc
import Testing
@testable import Net

/// Counter tests, not timings: what the loop holds and how many sends it makes.
@Suite(.serialized)
struct LoopCounterTests {
    static let drivers: [NetConfiguration.DriverChoice] = [.uring, .epoll]

    @Test(arguments: drivers)
    func idleConnectionsHoldOneReceiveAndNoBuffer(driver: NetConfiguration.DriverChoice) throws {
        let s = try TestServer(driver: driver)
        defer { s.stop() }
        var clients: [TestSocket] = []
        for _ in 0..<1000 {
            let c = try TestSocket(port: s.port)
            try c.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            clients.append(c)
        }
        for c in clients {
            let r = try c.readResponse()
            #expect(r.head.hasPrefix("HTTP/1.1 200"))
        }
        // Every connection is now idle between requests.
        #expect(s.eventually { s.total(\.openConnections) == 1000 && s.total(\.responses) == 1000 })
        #expect(s.total(\.receivesArmed) == 1000, "one armed receive per idle connection")
        #expect(s.total(\.receiveBufferBytesHeld) == 0, "no receive buffer held while idle")
        #expect(s.server.counters().allSatisfy { $0.driver == (driver == .uring ? "io_uring" : "epoll") })
        clients.removeAll()
        #expect(s.eventually { s.total(\.openConnections) == 0 })
        #expect(s.total(\.receivesArmed) == 0)
    }

    @Test(arguments: drivers)
    func hundredFramesInOneTurnLeaveInOneSend(driver: NetConfiguration.DriverChoice) throws {
        let s = try TestServer(driver: driver)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        try c.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let head = try c.readSome()
        #expect(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101"))
        #expect(s.eventually { s.handler.sockets.withLock { $0.count } == 1 })
        let channel = s.handler.sockets.withLock { $0[0] }
        #expect(s.eventually { s.total(\.sends) >= 1 })
        let sendsBefore = s.total(\.sends)
        let frame = WebSocketFrame.text(String(repeating: "x", count: 100))
        // Queue 100 frames from the connection's own loop, within one loop turn.
        channel.onLoop {
            for _ in 0..<100 { channel.send(frame: frame) }
        }
        let expected = 100 * frame.bytes.count
        let got = try c.read(exactly: expected)
        #expect(got.count == expected)
        #expect(s.eventually { s.total(\.webSocketFramesOut) == 100 })
        #expect(s.total(\.sends) - sendsBefore == 1, "100 frames queued in one turn leave in one send")
    }
}

/// RELIABILITY.md A12: one address cannot take every connection.
@Suite(.serialized)
struct PerAddressLimitTests {
    @Test(arguments: LoopCounterTests.drivers)
    func oneAddressIsCappedAndLoopbackIsExemptByDefault(driver: NetConfiguration.DriverChoice) throws {
        let s = try TestServer(driver: driver) {
            $0.connectionsPerAddressMax = 10
            $0.connectionsPerAddressExemptLoopback = false
        }
        defer { s.stop() }
        var served = 0
        var clients: [TestSocket] = []
        for _ in 0..<30 {
            let c = try TestSocket(port: s.port)
            clients.append(c)
            do {
                try c.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
                if try c.readResponse().head.hasPrefix("HTTP/1.1 200") { served += 1 }
            } catch {}
        }
        #expect(served <= 10 && served >= 5, "served \(served)")
        // Counters are published at the end of a loop turn, which may be after the client saw its close.
        #expect(s.eventually { s.total(\.acceptRejectedPerAddress) == 30 - served })
        clients.removeAll()
        #expect(s.eventually { s.total(\.openConnections) == 0 })
        // Freed shares are usable again.
        let again = try TestSocket(port: s.port)
        try again.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try again.readResponse().head.hasPrefix("HTTP/1.1 200"))
    }
}
