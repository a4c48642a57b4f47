import Testing

@testable import ParleyLoad

@Suite struct SendStampTests {
    @Test func roundTripPadsToTheExactSize() {
        var out: [UInt8] = []
        SendStamp(sender: 7, sentNanos: 1_234_567_890_123).append(totalBytes: 100, to: &out)
        #expect(out.count == 100)
        #expect(out.starts(with: Array("pl:7:1234567890123:".utf8)))
        #expect(out.withUnsafeBytes { SendStamp.find(in: $0) } == SendStamp(sender: 7, sentNanos: 1_234_567_890_123))
    }

    @Test func foundInsideAnEscapedPostAfterAMalformedMarker() {
        let frame = Array(#"{"event":"posted","data":{"post":"{\"x\":\"pl:no\",\"message\":\"pl:3:42:lorem\"}"},"seq":5}"#.utf8)
        #expect(frame.withUnsafeBytes { SendStamp.find(in: $0) } == SendStamp(sender: 3, sentNanos: 42))
        #expect(Array("pl:3:42".utf8).withUnsafeBytes { SendStamp.find(in: $0) } == nil)
    }
}

@Suite struct HTTPResponseFramingTests {
    static let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nToken: abc\r\n\r\nhello".utf8)

    @Test func everyProperPrefixNeedsMore() {
        for n in 0..<Self.response.count {
            let step = Self.response.prefix(n).withUnsafeBytes { HTTPResponseFraming.parse($0) }
            #expect(step == .needMore, "prefix of \(n) bytes")
        }
    }

    @Test func completeResponseWithTokenAndAPipelinedSecond() {
        let two = Self.response + Array("HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n".utf8)
        let step = two.withUnsafeBytes { HTTPResponseFraming.parse($0) }
        let head = HTTPResponseFraming.Head(status: 200, contentLength: 5, token: "abc")
        #expect(step == .response(head, body: 50..<55, end: 55))
        let second = Array(two[55...]).withUnsafeBytes { HTTPResponseFraming.parse($0) }
        #expect(second == .response(.init(status: 201, contentLength: 0, token: nil), body: 43..<43, end: 43))
    }

    @Test func chunkedIsRefused() {
        let bytes = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        guard case .invalid = bytes.withUnsafeBytes({ HTTPResponseFraming.parse($0) }) else {
            Issue.record("chunked response accepted")
            return
        }
    }
}

@Suite struct RESPFramingTests {
    @Test func messagePushAndItsPrefixes() {
        let bytes = Array("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n".utf8)
        #expect(bytes.withUnsafeBytes { RESPFraming.parsePush($0) } == .push(.message, payload: 29..<34, end: bytes.count))
        for n in 0..<bytes.count {
            #expect(bytes.prefix(n).withUnsafeBytes { RESPFraming.parsePush($0) } == .needMore, "prefix of \(n) bytes")
        }
    }

    @Test func subscribeConfirmationAndReplies() {
        let confirm = Array("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n".utf8)
        #expect(confirm.withUnsafeBytes { RESPFraming.parsePush($0) } == .push(.subscribe, payload: nil, end: confirm.count))
        #expect(Array(":1000\r\n".utf8).withUnsafeBytes { RESPFraming.parseReply($0) } == .integer(1000, end: 7))
        #expect(Array("-ERR no\r\n".utf8).withUnsafeBytes { RESPFraming.parseReply($0) } == .error("ERR no", end: 9))
    }
}
