import Foundation
import Glibc
import Testing
@testable import Net

/// Deadlines driven by an injected clock: nothing here waits for real time to pass.
@Suite(.serialized)
struct DeadlineTests {
    static let upgrade = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    /// Moves the clock, pokes the loops, and gives them a moment to run the turn.
    static func advance(_ s: TestServer, _ clock: ManualClock, ms: Int64) {
        clock.advance(ms: ms)
        s.poke()
        usleep(50_000)
        s.poke()
        usleep(50_000)
    }

    @Test(arguments: LoopCounterTests.drivers)
    func silentWebSocketIsPingedThenClosedWithoutPong(driver: NetConfiguration.DriverChoice) throws {
        let clock = ManualClock()
        let s = try TestServer(driver: driver, clock: clock)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        try c.send(Self.upgrade)
        #expect(String(decoding: try c.readSome(), as: UTF8.self).hasPrefix("HTTP/1.1 101"))

        Self.advance(s, clock, ms: 29_000)
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        #expect(throws: TestSocketError.self) { try c.readSome() }  // no ping before 30 s of silence

        Self.advance(s, clock, ms: 1_100)
        #expect(try c.readSome() == [0x89, 0x00], "an empty ping after 30 s of silence")

        Self.advance(s, clock, ms: 74_000)
        #expect(throws: TestSocketError.self) { try c.readSome() }  // the pong deadline has not passed yet

        Self.advance(s, clock, ms: 1_100)
        let close = try c.readSome()
        #expect(Array(close.prefix(4)) == [0x88, UInt8(close.count - 2), 0x03, 0xE9], "close 1001 after no pong")
    }

    @Test(arguments: LoopCounterTests.drivers)
    func pongKeepsTheWebSocketOpen(driver: NetConfiguration.DriverChoice) throws {
        let clock = ManualClock()
        let s = try TestServer(driver: driver, clock: clock)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        try c.send(Self.upgrade)
        _ = try c.readSome()
        for _ in 0..<3 {
            Self.advance(s, clock, ms: 30_500)
            #expect(try c.readSome() == [0x89, 0x00])
            var pong: [UInt8] = []
            WebSocketFrameEncoder.encodeMasked(.pong, payload: UnsafeRawBufferPointer(start: nil, count: 0),
                                               maskKey: 0x0102_0304, into: &pong)
            try c.send(pong)
            usleep(50_000)
        }
        #expect(s.total(\.webSocketsOpen) == 1)
    }

    @Test(arguments: LoopCounterTests.drivers)
    func idleKeepAliveConnectionIsClosedAfterIdleTimeout(driver: NetConfiguration.DriverChoice) throws {
        let clock = ManualClock()
        let s = try TestServer(driver: driver, clock: clock)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        try c.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try c.readResponse()
        Self.advance(s, clock, ms: 74_000)
        #expect(s.total(\.openConnections) == 1)
        Self.advance(s, clock, ms: 1_100)
        #expect(try c.readSome().isEmpty, "closed without a response after 75 s idle")
        #expect(s.eventually { s.total(\.openConnections) == 0 })
    }

    @Test(arguments: LoopCounterTests.drivers)
    func slowBodyGets408(driver: NetConfiguration.DriverChoice) throws {
        let clock = ManualClock()
        let s = try TestServer(driver: driver, clock: clock)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        try c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf")
        usleep(50_000)
        Self.advance(s, clock, ms: 61_000)
        let r = try c.readResponse()
        #expect(r.head.hasPrefix("HTTP/1.1 408"))
    }
}
