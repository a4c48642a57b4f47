import Foundation
import Glibc
import Testing
@testable import Net

/// Producer bodies leave chunked, one piece at a time as the client drains.
@Suite(.serialized)
struct StreamResponseTests {
    /// Decodes a chunked body that follows the head; returns the pieces.
    static func readChunked(_ c: TestSocket) throws -> (head: String, pieces: [[UInt8]]) {
        var data: [UInt8] = []
        var pieces: [[UInt8]] = []
        func need(_ n: Int) throws {
            while data.count < n {
                let more = try c.readSome()
                if more.isEmpty { throw TestSocketError.closed("stream ended early") }
                data += more
            }
        }
        func line() throws -> String {
            while true {
                if let r = data.firstRange(of: [13, 10]) {
                    let l = String(decoding: data[..<r.lowerBound], as: UTF8.self)
                    data.removeFirst(r.upperBound)
                    return l
                }
                try need(data.count + 1)
            }
        }
        var head = ""
        while true {
            let l = try line()
            if l.isEmpty { break }
            head += l + "\r\n"
        }
        while true {
            let size = Int(try line(), radix: 16)!
            if size == 0 {
                _ = try line()
                c.unread(data)
                return (head, pieces)
            }
            try need(size + 2)
            pieces.append(Array(data[0..<size]))
            data.removeFirst(size + 2)
        }
    }

    @Test(arguments: LoopCounterTests.drivers)
    func piecesArriveChunkedAndInOrder(driver: NetConfiguration.DriverChoice) throws {
        let s = try TestServer(driver: driver)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        try c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        let r = try Self.readChunked(c)
        #expect(r.head.lowercased().contains("transfer-encoding: chunked"))
        #expect(r.pieces.count == 50)
        #expect(r.pieces.enumerated().allSatisfy { $0.element == [UInt8](repeating: UInt8($0.offset + 1), count: 10_000) })
        // The pipelined request behind the stream is answered after it.
        #expect(try c.readResponse().head.hasPrefix("HTTP/1.1 200"))
    }

    @Test func stalledReaderStopsTheProducer() throws {
        let s = try TestServer(driver: .uring)
        defer { s.stop() }
        let c = try TestSocket(port: s.port)
        var small: Int32 = 16 << 10
        setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        try c.send("GET /stream?pieces=2000 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try c.readSome(max: 100)
        usleep(300_000)
        let produced = s.handler.piecesProduced.load(ordering: .relaxed)
        #expect(produced < 1000, "the producer ran ahead of a stalled client: \(produced) pieces")
    }
}
