import Foundation
import Glibc
import Testing
@testable import Net

/// File bodies: streamed off the loop, one chunk at a time as the client drains, with Range, 416, ETag and 304.
@Suite(.serialized)
struct FileResponseTests {
    static func makeFile(bytes: Int) throws -> String {
        let path = NSTemporaryDirectory() + "parley-file-\(UUID().uuidString)"
        var data = [UInt8](repeating: 0, count: bytes)
        for i in 0..<bytes { data[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8) }
        FileManager.default.createFile(atPath: path, contents: Data(data))
        return path
    }

    static func header(_ head: String, _ name: String) -> String? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    @Test(arguments: LoopCounterTests.drivers)
    func fullRangeNotModifiedAndUnsatisfiable(driver: NetConfiguration.DriverChoice) throws {
        let s = try TestServer(driver: driver)
        defer { s.stop() }
        let path = try Self.makeFile(bytes: 300_000)
        defer { unlink(path) }
        let expected = [UInt8](FileManager.default.contents(atPath: path)!)
        let c = try TestSocket(port: s.port)

        try c.send("GET /file?path=\(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        let full = try c.readResponse()
        #expect(full.head.hasPrefix("HTTP/1.1 200"))
        #expect(full.body == expected)
        let etag = try #require(Self.header(full.head, "ETag"))
        #expect(Self.header(full.head, "Accept-Ranges") == "bytes")

        try c.send("GET /file?path=\(path) HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1999\r\n\r\n")
        let part = try c.readResponse()
        #expect(part.head.hasPrefix("HTTP/1.1 206"))
        #expect(Self.header(part.head, "Content-Range") == "bytes 1000-1999/300000")
        #expect(part.body == Array(expected[1000..<2000]))

        try c.send("GET /file?path=\(path) HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(etag)\r\n\r\n")
        let notModified = try c.readResponse()
        #expect(notModified.head.hasPrefix("HTTP/1.1 304"))
        #expect(notModified.body.isEmpty)

        try c.send("GET /file?path=\(path) HTTP/1.1\r\nHost: x\r\nRange: bytes=400000-\r\n\r\n")
        let unsatisfiable = try c.readResponse()
        #expect(unsatisfiable.head.hasPrefix("HTTP/1.1 416"))
        #expect(Self.header(unsatisfiable.head, "Content-Range") == "bytes */300000")

        try c.send("HEAD /file?path=\(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try c.readSome()
        let headText = String(decoding: head, as: UTF8.self)
        #expect(headText.hasPrefix("HTTP/1.1 200") && headText.hasSuffix("\r\n\r\n"))
        #expect(Self.header(headText, "Content-Length") == "300000")

        // A missing file is answered with the error renderer, and the connection still serves in order.
        try c.send("GET /file?path=/nonexistent HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try c.readResponse().head.hasPrefix("HTTP/1.1 404"))
        #expect(try c.readResponse().head.hasPrefix("HTTP/1.1 200"))
    }

    @Test(arguments: LoopCounterTests.drivers)
    func slowReaderHoldsBackTheDisk(driver: NetConfiguration.DriverChoice) throws {
        let s = try TestServer(driver: driver)
        defer { s.stop() }
        let size = 64 << 20
        let path = try Self.makeFile(bytes: size)
        defer { unlink(path) }
        let c = try TestSocket(port: s.port)
        var small: Int32 = 64 << 10
        setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let before = s.server.fileChunksRead
        try c.send("GET /file?path=\(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try c.readSome(max: 1024)
        // The client stops reading; the server may fill the socket buffers but must stop reading the file.
        usleep(300_000)
        let whileStalled = s.server.fileChunksRead - before
        #expect(whileStalled < 128, "read \(whileStalled) of \(size / 65536) chunks with a stalled client")
        // Draining resumes the stream to the end.
        var got = 1024
        while got < size + 100 {
            let chunk = try c.readSome()
            if chunk.isEmpty { break }
            got += chunk.count
        }
        #expect(s.server.fileChunksRead - before == size / 65536)
    }
}
