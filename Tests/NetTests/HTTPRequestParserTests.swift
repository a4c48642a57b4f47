import Testing

@testable import Net

/// Well-formed requests. Every case goes through `expectSplitInvariant`: all at once, byte by byte and in
/// seeded random splits.
@Suite struct HTTPRequestParserTests {
    @Test func simpleGetProducesHeadAndEnd() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "GET /api/v4/users/me?page=2&per_page=60 HTTP/1.1\r\nHost: example.com\r\nX-Empty:\r\n"
                + "Accept:   text/plain  \r\n\r\n")
        #expect(events.count == 3)
        let head = try #require(events.first?.head)
        #expect(head.method == "GET")
        #expect(head.target == "/api/v4/users/me?page=2&per_page=60")
        #expect(head.path == "/api/v4/users/me")
        #expect(head.query == "page=2&per_page=60")
        #expect(head.versionMinor == 1)
        #expect(head.headers["host"] == "example.com")
        #expect(head.headers["X-Empty"] == "")
        #expect(head.headers["ACCEPT"] == "text/plain")
        #expect(head.contentLength == nil && !head.isChunked)
        #expect(head.keepAlive && !head.expectsContinue && !head.isWebSocketUpgrade)
        #expect(events[1] == .end)
        #expect(events[2] == .finished(idle: true, partial: false))
    }

    @Test func headerNamesKeepTheirSpellingAndOrder() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "GET / HTTP/1.1\r\nX-B: 1\r\nx-a: 2\r\nX-B: 3\r\nValue-With-Inner:  a  b \t\r\n\r\n")
        let head = try #require(events.first?.head)
        #expect(Array(head.headers).map(\.name) == ["X-B", "x-a", "X-B", "Value-With-Inner"])
        #expect(head.headers.values("x-b") == ["1", "3"])
        #expect(head.headers["value-with-inner"] == "a  b")
    }

    @Test func targetWithoutQueryAndWithEmptyQuery() throws {
        let events = HTTPParseDriver.expectSplitInvariant("GET /a HTTP/1.1\r\n\r\nGET /b? HTTP/1.1\r\n\r\n")
        let heads = events.heads
        #expect(heads.count == 2)
        #expect(heads[0].path == "/a" && heads[0].query == nil)
        #expect(heads[1].path == "/b" && heads[1].query == "")
    }

    @Test func leadingEmptyLinesAreSkipped() throws {
        let events = HTTPParseDriver.expectSplitInvariant("\r\n\r\nGET / HTTP/1.1\r\n\r\n")
        #expect(events.heads.count == 1)
        #expect(events.last == .finished(idle: true, partial: false))
    }

    @Test func contentLengthBodyIsPassedThrough() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST /api/v4/posts HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world")
        let head = try #require(events.first?.head)
        #expect(head.contentLength == 11)
        #expect(Array(events.dropFirst()) == [.body(Array("hello world".utf8)), .end, .finished(idle: true, partial: false)])
    }

    @Test func repeatedEqualContentLengthsAreAccepted() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(events.heads.first?.contentLength == 3)
        #expect(events.contains(.body(Array("abc".utf8))))
    }

    @Test func zeroContentLengthEndsRightAfterHead() {
        let events = HTTPParseDriver.expectSplitInvariant("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        #expect(events.count == 3 && events[1] == .end)
    }

    @Test func pipelinedRequestsAreAllParsed() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd"
                + "POST /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\nGET /4 HTTP/1.0\r\n\r\n")
        #expect(events.heads.map(\.target) == ["/1", "/2", "/3", "/4"])
        #expect(events.filter { $0 == .end }.count == 4)
        #expect(events.contains(.body(Array("abcd".utf8))))
        #expect(events.contains(.body(Array("xy".utf8))))
        #expect(events.last == .finished(idle: true, partial: false))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value;quoted=\"a; b\"\r\nhello\r\n"
                + "6 ; ext\r\n world\r\n" + "A\r\n0123456789\r\n" + "000\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"
                + "GET /next HTTP/1.1\r\n\r\n")
        let head = try #require(events.first?.head)
        #expect(head.isChunked && head.contentLength == nil)
        #expect(events[1] == .body(Array("hello world0123456789".utf8)))
        #expect(events[2] == .end)
        #expect(events.heads.map(\.target) == ["/upload", "/next"])
    }

    @Test func chunkedSizeAcceptsUpperAndLowerHexAndLeadingZeros() {
        let data = String(repeating: "z", count: 0xAB)
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n00aB\r\n\(data)\r\n0\r\n\r\n")
        #expect(events.contains(.body(Array(data.utf8))))
        #expect(events.contains(.end))
    }

    @Test(arguments: [
        ("HTTP/1.1", "", true), ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.1", "Connection: keep-alive, Close\r\n", false), ("HTTP/1.0", "", false),
        ("HTTP/1.0", "Connection: Keep-Alive\r\n", true), ("HTTP/1.0", "Connection: keep-alive, close\r\n", false),
    ])
    func keepAliveFollowsVersionAndConnection(version: String, field: String, keepAlive: Bool) throws {
        let events = HTTPParseDriver.expectSplitInvariant("GET / \(version)\r\n\(field)\r\n")
        let head = try #require(events.first?.head)
        #expect(head.keepAlive == keepAlive)
        #expect(head.versionMinor == (version == "HTTP/1.0" ? 0 : 1))
    }

    @Test func expectContinueIsReported() throws {
        let events = HTTPParseDriver.expectSplitInvariant(
            "PUT /f HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(events.first?.head?.expectsContinue == true)
    }

    @Test func webSocketUpgradePausesAndLeavesFramesToCaller() throws {
        let request = "GET /api/v4/websocket HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        let events = HTTPParseDriver.expectSplitInvariant(request + "\u{81}\u{05}hello")
        let head = try #require(events.first?.head)
        #expect(head.isWebSocketUpgrade)
        #expect(events[1] == .paused(at: request.utf8.count))
    }

    @Test func upgradeNeedsGetAndBothHeaders() throws {
        for text in [
            "POST / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
            "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
            "GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: upgrade\r\n\r\n",
        ] {
            let head = try #require(HTTPParseDriver.expectSplitInvariant(text).first?.head)
            #expect(!head.isWebSocketUpgrade, "\(text.debugDescription)")
        }
    }

    @Test func pauseHandsTheRestOfTheInputBackThenResumesFresh() {
        let first = "POST /reject HTTP/1.1\r\nX-Pause: 1\r\nContent-Length: 5\r\n\r\n"
        let events = HTTPParseDriver.expectSplitInvariant(first + "GET /next HTTP/1.1\r\n\r\n")
        // The caller did not consume the paused bytes, so the parser reads them as the next request.
        #expect(events[1] == .paused(at: first.utf8.count))
        #expect(events.heads.map(\.target) == ["/reject", "/next"])
    }

    @Test func pauseIsReportedBeforeAnyLaterBytesAreRead() {
        var parser = HTTPRequestParser()
        var delegate = HTTPRecordingDelegate(decide: { _ in .pause })
        let input = Array("GET / HTTP/1.1\r\n\r\n\u{0}garbage".utf8)
        let result = input.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        #expect(result == .paused(consumed: 18))
        #expect(parser.isIdle)
    }

    @Test func idleAndPartialTrackTheRequest() {
        var parser = HTTPRequestParser()
        var delegate = HTTPRecordingDelegate(decide: HTTPParseDriver.standardDecision)
        func feed(_ text: String) -> HTTPParseResult {
            Array(text.utf8).withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        }
        #expect(parser.isIdle && !parser.hasPartialRequest)
        #expect(feed("PO") == .consumed(2))
        #expect(!parser.isIdle && parser.hasPartialRequest)
        #expect(feed("ST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nab") == .consumed(38))
        #expect(!parser.isIdle && parser.hasPartialRequest)
        #expect(feed("c") == .consumed(1))
        #expect(parser.isIdle && !parser.hasPartialRequest)
        #expect(feed("\r\n") == .consumed(2))
        #expect(!parser.isIdle && parser.hasPartialRequest)
        #expect(feed("\u{1}") == .failed(.malformed("invalid method character")))
        #expect(!parser.isIdle && !parser.hasPartialRequest)
    }

    @Test func bodyBytesPointIntoTheCallersInput() {
        // Zero-copy pass-through: the body buffer handed to the delegate lies inside the input buffer.
        struct AddressDelegate: HTTPParserDelegate {
            var bodyAddresses: [UnsafeRawPointer?] = []
            mutating func head(_ head: HTTPRequestHead) -> HTTPHeadDecision { .readBodyDefaultLimit }
            mutating func body(_ bytes: UnsafeRawBufferPointer) { bodyAddresses.append(bytes.baseAddress) }
            mutating func end() {}
        }
        var parser = HTTPRequestParser()
        var delegate = AddressDelegate()
        let head = "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n"
        Array((head + "body").utf8).withUnsafeBytes { input in
            _ = parser.parse(input, delegate: &delegate)
            #expect(delegate.bodyAddresses == [input.baseAddress! + head.utf8.count])
        }
    }
}
