import Testing

@testable import Net

/// Requests the parser must refuse, each fed whole, byte by byte and in seeded random splits.
@Suite struct HTTPRequestParserErrorTests {
    static let malformedCases: [(String, String)] = [
        ("GET / HTTP/1.1\r\nFolded: a\r\n b\r\n\r\n", "obsolete line folding"),
        ("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", "bare CR"),
        ("GET / HTTP/1.1\r\nA: b\nC: d\r\n\r\n", "bare LF"),
        ("GET / HTTP/1.1\n\n", "bare LF"),
        ("GET / HTTP/1.1\r\nA: b\r\n\n", "bare LF"),
        ("GET / HTTP/1.1\r\nA: b\u{0}c\r\n\r\n", "invalid field value character"),
        ("GET / HTTP/1.1\r\nA: b\u{7}c\r\n\r\n", "invalid field value character"),
        ("GET / HTTP/1.1\r\nA: b\u{7F}\r\n\r\n", "invalid field value character"),
        ("GET / HTTP/1.1\r\nName : value\r\n\r\n", "whitespace before colon"),
        ("GET / HTTP/1.1\r\nNa(me: value\r\n\r\n", "invalid field name character"),
        ("GET / HTTP/1.1\r\n: value\r\n\r\n", "invalid field name character"),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", "invalid field name character"),
        ("G@T / HTTP/1.1\r\n\r\n", "invalid method character"),
        (" GET / HTTP/1.1\r\n\r\n", "invalid method character"),
        ("GET  / HTTP/1.1\r\n\r\n", "empty request-target"),
        ("GET /a\u{1}b HTTP/1.1\r\n\r\n", "invalid request-target character"),
        ("GET / HTTP/1.1 \r\n\r\n", "invalid HTTP version"),
        ("GET / HTTX/1.1\r\n\r\n", "invalid HTTP version"),
        ("GET / HTTP/1.10\r\n\r\n", "invalid HTTP version"),
        ("GET /\r\n\r\n", "invalid request-target character"),
        ("\r\r\n", "bare CR"),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "Content-Length with Transfer-Encoding"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", "Content-Length with Transfer-Encoding"),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "conflicting Content-Length values"),
        ("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\nabcd", "conflicting Content-Length values"),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", "Content-Length out of range"),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding in HTTP/1.0"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n;x\r\n", "missing chunk size"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", "missing chunk size"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\n", "invalid chunk size"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n", "invalid chunk extension"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;a\u{0}\r\n", "invalid chunk extension"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello", "bare LF"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\rhello", "bare CR"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "missing CRLF after chunk data"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\r", "missing CRLF after chunk data"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", "whitespace before colon"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\n", "bare LF"),
    ]

    @Test(arguments: malformedCases)
    func malformedRequestsFailWith400(text: String, reason: String) {
        let events = HTTPParseDriver.expectSplitInvariant(text)
        #expect(events.failure == .malformed(reason), "\(text.debugDescription) gave \(events)")
        #expect(events.failure?.status == 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.1"])
    func otherVersionsFailWith505(version: String) {
        let events = HTTPParseDriver.expectSplitInvariant("GET / \(version)\r\n\r\n")
        #expect(events == [.failed(.versionNotSupported)])
        #expect(HTTPParseError.versionNotSupported.status == 505)
    }

    @Test(arguments: ["gzip", "gzip, chunked", "chunked, gzip", "chunked, chunked", "chunked;q=1", "identity", ""])
    func transferCodingsOtherThanChunkedFailWith501(coding: String) {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nTransfer-Encoding: \(coding)\r\n\r\n")
        #expect(events == [.failed(.unsupportedTransferCoding)], "\(coding.debugDescription)")
        #expect(HTTPParseError.unsupportedTransferCoding.status == 501)
    }

    @Test func transferEncodingSplitOverTwoFieldsIsStillTwoCodings() {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(events.failure == .unsupportedTransferCoding)
    }

    @Test func tooLongTargetFailsWith414() {
        var limits = HTTPLimits()
        limits.urlBytesMax = 16
        let events = HTTPParseDriver.expectSplitInvariant(
            "GET /\(String(repeating: "a", count: 100)) HTTP/1.1\r\n\r\n", limits: limits)
        #expect(events == [.failed(.uriTooLong)])
        #expect(HTTPParseError.uriTooLong.status == 414)
    }

    @Test func tooLargeHeadFailsWith431() {
        var limits = HTTPLimits()
        limits.headerBytesMax = 64
        let events = HTTPParseDriver.expectSplitInvariant(
            "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "b", count: 100))\r\n\r\n", limits: limits)
        #expect(events == [.failed(.headersTooLarge)])
        #expect(HTTPParseError.headersTooLarge.status == 431)
    }

    @Test func tooLargeContentLengthFailsWith413BeforeAnyBodyByte() {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nX-Body-Limit: 4\r\nContent-Length: 5\r\n\r\nhello")
        #expect(events.count == 2 && events[0].head != nil)
        #expect(events[1] == .failed(.bodyTooLarge))
        #expect(HTTPParseError.bodyTooLarge.status == 413)
    }

    @Test func tooLargeChunkFailsWith413BeforeItsBytes() {
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nX-Body-Limit: 6\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n")
        #expect(Array(events.dropFirst()) == [.body(Array("abcd".utf8)), .failed(.bodyTooLarge)])
    }

    @Test func hugeChunkSizeFailsWithoutOverflow() {
        for size in ["ffffffffffffffffffffffffffffffff", "7fffffffffffffff", "8000000000000000", "10000000000000000"] {
            var limits = HTTPLimits()
            limits.bodyBytesMax = .max
            let events = HTTPParseDriver.expectSplitInvariant(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\n", limits: limits)
            let expected: HTTPParseEvent = size == "7fffffffffffffff" ? .finished(idle: false, partial: true) : .failed(.bodyTooLarge)
            #expect(events.last == expected, "\(size)")
        }
    }

    @Test func defaultBodyLimitComesFromLimits() {
        var limits = HTTPLimits()
        limits.bodyBytesMax = 3
        let events = HTTPParseDriver.expectSplitInvariant(
            "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", limits: limits)
        #expect(events.failure == .bodyTooLarge)
    }

    @Test func failedParserStaysFailed() {
        var parser = HTTPRequestParser()
        var delegate = HTTPRecordingDelegate(decide: HTTPParseDriver.standardDecision)
        let bad = Array("BAD\u{0}".utf8)
        let good = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        #expect(bad.withUnsafeBytes { parser.parse($0, delegate: &delegate) } == .failed(.malformed("invalid method character")))
        #expect(good.withUnsafeBytes { parser.parse($0, delegate: &delegate) } == .failed(.malformed("invalid method character")))
        #expect(delegate.events.isEmpty)
    }

    @Test func errorsInALaterPipelinedRequestFollowEarlierEvents() {
        let events = HTTPParseDriver.expectSplitInvariant("GET /ok HTTP/1.1\r\n\r\nGET /bad HTTP/1.1\r\nA : b\r\n\r\n")
        #expect(events.count == 3)
        #expect(events[1] == .end)
        #expect(events[2] == .failed(.malformed("whitespace before colon")))
    }
}
