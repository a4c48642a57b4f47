import Testing

@testable import Net

/// Every limit exactly at its boundary (accepted) and one byte or field over it (refused).
@Suite struct HTTPRequestParserLimitTests {
    static func limits(_ change: (inout HTTPLimits) -> Void) -> HTTPLimits {
        var limits = HTTPLimits()
        change(&limits)
        return limits
    }

    static func target(bytes: Int) -> String { "/" + String(repeating: "t", count: bytes - 1) }

    @Test func defaultsAreTheDocumentedOnes() {
        let limits = HTTPLimits()
        #expect(limits.urlBytesMax == 8192)
        #expect(limits.headerBytesMax == 65536)
        #expect(limits.headerCountMax == 256)
        #expect(limits.bodyBytesMax == 1 << 20)
        #expect(limits.chunkLineBytesMax == 4096)
    }

    @Test func targetAtTheLimitIsAccepted() {
        let events = HTTPParseDriver.expectSplitInvariant("GET \(Self.target(bytes: 8192)) HTTP/1.1\r\n\r\n")
        #expect(events.heads.first?.target.utf8.count == 8192)
        #expect(events.failure == nil)
    }

    @Test func targetOneOverTheLimitIs414() {
        let events = HTTPParseDriver.expectSplitInvariant("GET \(Self.target(bytes: 8193)) HTTP/1.1\r\n\r\n")
        #expect(events == [.failed(.uriTooLong)])
    }

    /// "GET / HTTP/1.1\r\n" is 16 bytes, "X: " + value + "\r\n" is 5 + n, the blank line 2.
    static func head(totalBytes: Int) -> String {
        "GET / HTTP/1.1\r\nX: \(String(repeating: "v", count: totalBytes - 16 - 5 - 2))\r\n\r\n"
    }

    @Test func headAtTheLimitIsAccepted() {
        let limits = Self.limits { $0.headerBytesMax = 200 }
        #expect(Self.head(totalBytes: 200).utf8.count == 200)
        let events = HTTPParseDriver.expectSplitInvariant(Self.head(totalBytes: 200), limits: limits)
        #expect(events.failure == nil && events.contains(.end))
    }

    @Test func headOneOverTheLimitIs431() {
        let limits = Self.limits { $0.headerBytesMax = 200 }
        let events = HTTPParseDriver.expectSplitInvariant(Self.head(totalBytes: 201), limits: limits)
        #expect(events == [.failed(.headersTooLarge)])
    }

    @Test func skippedEmptyLinesCountTowardsTheHead() {
        let limits = Self.limits { $0.headerBytesMax = 200 }
        let within = HTTPParseDriver.expectSplitInvariant("\r\n" + Self.head(totalBytes: 198), limits: limits)
        #expect(within.failure == nil)
        let over = HTTPParseDriver.expectSplitInvariant("\r\n" + Self.head(totalBytes: 199), limits: limits)
        #expect(over == [.failed(.headersTooLarge)])
    }

    @Test func endlessEmptyLinesAreBounded() {
        let limits = Self.limits { $0.headerBytesMax = 100 }
        let events = HTTPParseDriver.expectSplitInvariant(String(repeating: "\r\n", count: 51), limits: limits)
        #expect(events == [.failed(.headersTooLarge)])
    }

    static func fields(_ count: Int) -> String {
        "GET / HTTP/1.1\r\n" + (0..<count).map { "F\($0): x\r\n" }.joined() + "\r\n"
    }

    @Test func fieldCountAtTheLimitIsAccepted() {
        let events = HTTPParseDriver.expectSplitInvariant(Self.fields(256), splits: 4)
        #expect(events.heads.first?.headers.count == 256)
    }

    @Test func fieldCountOneOverTheLimitIs431() {
        let events = HTTPParseDriver.expectSplitInvariant(Self.fields(257), splits: 4)
        #expect(events == [.failed(.headersTooLarge)])
    }

    @Test func contentLengthAtTheLimitIsAcceptedAndOneOverIs413() {
        let body = String(repeating: "b", count: 10)
        let at = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nX-Body-Limit: 10\r\nContent-Length: 10\r\n\r\n\(body)")
        #expect(at.contains(.body(Array(body.utf8))) && at.contains(.end))
        let over = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nX-Body-Limit: 10\r\nContent-Length: 11\r\n\r\n\(body)b")
        #expect(over.failure == .bodyTooLarge && !over.contains { if case .body = $0 { true } else { false } })
    }

    @Test func chunkedTotalAtTheLimitIsAcceptedAndOneOverIs413() {
        let prefix = "POST / HTTP/1.1\r\nX-Body-Limit: 10\r\nTransfer-Encoding: chunked\r\n\r\n"
        let at = HTTPParseDriver.expectSplitInvariant(prefix + "4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n")
        #expect(at.contains(.body(Array("abcdefghij".utf8))) && at.contains(.end))
        let over = HTTPParseDriver.expectSplitInvariant(prefix + "4\r\nabcd\r\n7\r\nefghijk\r\n0\r\n\r\n")
        #expect(Array(over.dropFirst()) == [.body(Array("abcd".utf8)), .failed(.bodyTooLarge)])
    }

    @Test func zeroBodyLimitStillAcceptsEmptyBodies() {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nX-Body-Limit: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "POST / HTTP/1.1\r\nX-Body-Limit: -5\r\nContent-Length: 0\r\n\r\n")
        #expect(events.filter { $0 == .end }.count == 2)
    }

    /// "4;" + extension + "\r\n" is chunkLineBytesMax bytes exactly, or one more.
    static func chunked(lineBytes: Int) -> String {
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;\(String(repeating: "e", count: lineBytes - 4))\r\n"
            + "abcd\r\n0\r\n\r\n"
    }

    @Test func chunkLineAtTheLimitIsAcceptedAndOneOverIsMalformed() {
        let limits = Self.limits { $0.chunkLineBytesMax = 64 }
        let at = HTTPParseDriver.expectSplitInvariant(Self.chunked(lineBytes: 64), limits: limits)
        #expect(at.failure == nil && at.contains(.end))
        let over = HTTPParseDriver.expectSplitInvariant(Self.chunked(lineBytes: 65), limits: limits)
        #expect(over.failure == .malformed("chunk line too long"))
    }

    /// The trailer section ("X: " + value + "\r\n" and the blank line) is bounded like a head.
    static func trailers(bytes: Int) -> String {
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: \(String(repeating: "t", count: bytes - 7))\r\n\r\n"
    }

    @Test func trailersAtTheLimitAreAcceptedAndOneOverIs431() {
        let limits = Self.limits { $0.headerBytesMax = 100 }
        let at = HTTPParseDriver.expectSplitInvariant(Self.trailers(bytes: 100), limits: limits)
        #expect(at.failure == nil && at.contains(.end))
        let over = HTTPParseDriver.expectSplitInvariant(Self.trailers(bytes: 101), limits: limits)
        #expect(over.failure == .headersTooLarge)
    }

    /// Limits hold while a line is still arriving: nothing waits for a CRLF that may never come.
    @Test(arguments: [
        ("GET /\(String(repeating: "t", count: 40))", "url"),
        ("GET / HTTP/1.1\r\nX: \(String(repeating: "v", count: 300))", "head"),
        ("GET / HTTP/1.1\r\n\(String(repeating: "N", count: 300))", "head"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;\(String(repeating: "e", count: 80))", "chunk"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \(String(repeating: "v", count: 300))", "head"),
    ])
    func limitsApplyBeforeTheLineEnds(text: String, limit: String) {
        let limits = Self.limits { $0.urlBytesMax = 32; $0.headerBytesMax = 100; $0.chunkLineBytesMax = 64 }
        let expected: HTTPParseError =
            switch limit {
            case "url": .uriTooLong
            case "head": .headersTooLarge
            default: .malformed("chunk line too long")
            }
        let events = HTTPParseDriver.expectSplitInvariant(text, limits: limits)
        #expect(events.failure == expected, "\(events)")
    }

    @Test func theEarliestBrokenLimitWinsWhateverTheSplit() {
        // The target passes urlBytesMax at byte 22 of the input and the head passes headerBytesMax at byte 31:
        // 414 must win however the bytes arrive, and the other way round when the limits are swapped.
        let text = "GET \(Self.target(bytes: 60)) HTTP/1.1\r\n\r\n"
        let urlFirst = Self.limits { $0.urlBytesMax = 17; $0.headerBytesMax = 30 }
        #expect(HTTPParseDriver.expectSplitInvariant(text, limits: urlFirst) == [.failed(.uriTooLong)])
        let headFirst = Self.limits { $0.urlBytesMax = 40; $0.headerBytesMax = 30 }
        #expect(HTTPParseDriver.expectSplitInvariant(text, limits: headFirst) == [.failed(.headersTooLarge)])
    }
}
