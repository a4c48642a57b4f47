import Testing

@testable import Net

@Suite struct HTTPResponseEncoderTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    static func head(
        _ response: HTTPResponse, contentLength: Int64? = nil, chunked: Bool = false, keepAlive: Bool = true,
        date: String = date
    ) -> String {
        var out: [UInt8] = []
        HTTPResponseEncoder.encodeHead(
            response, contentLength: contentLength, chunked: chunked, keepAlive: keepAlive, date: date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func jsonResponseWithLength() {
        let response = HTTPResponse.json(201, Array("{}".utf8))
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.body == .bytes(Array("{}".utf8)))
        #expect(
            Self.head(response, contentLength: 2)
                == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Date: \(Self.date)\r\n\r\n")
    }

    @Test func closingChunkedResponse() {
        let response = HTTPResponse(status: 200, headers: HTTPHeaders([("X-Request-Id", "abc")]))
        #expect(
            Self.head(response, chunked: true, keepAlive: false)
                == "HTTP/1.1 200 OK\r\nX-Request-Id: abc\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                + "Date: \(Self.date)\r\n\r\n")
    }

    @Test func framingFieldsFromTheResponseAreReplaced() {
        let headers = HTTPHeaders([
            ("content-length", "999"), ("Transfer-Encoding", "gzip"), ("Date", "yesterday"), ("Connection", "keep-alive"),
        ])
        #expect(
            Self.head(HTTPResponse(status: 404, headers: headers), contentLength: 0, keepAlive: false)
                == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\nDate: \(Self.date)\r\n\r\n")
    }

    @Test func upgradeKeepsItsConnectionFieldAndNeedsNoLengthOrDate() {
        let headers = HTTPHeaders([("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", "x=")])
        #expect(
            Self.head(HTTPResponse(status: 101, headers: headers), date: "")
                == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: x=\r\n\r\n")
    }

    @Test func fieldValuesCannotSplitTheResponse() {
        let headers = HTTPHeaders([("Content-Disposition", "attachment; filename=\"a\r\nSet-Cookie: x\u{0}\"")])
        #expect(
            Self.head(HTTPResponse(status: 200, headers: headers), contentLength: 0, date: "")
                == "HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"a  Set-Cookie: x \"\r\n"
                + "Content-Length: 0\r\n\r\n")
    }

    @Test func chunksAreHexFramedAndEmptyChunksAreSkipped() {
        var out: [UInt8] = []
        Array("hello".utf8).withUnsafeBytes { HTTPResponseEncoder.encodeChunk($0, into: &out) }
        [UInt8]().withUnsafeBytes { HTTPResponseEncoder.encodeChunk($0, into: &out) }
        [UInt8](repeating: 0x61, count: 0x1AF).withUnsafeBytes { HTTPResponseEncoder.encodeChunk($0, into: &out) }
        HTTPResponseEncoder.encodeLastChunk(into: &out)
        let expected = "5\r\nhello\r\n1af\r\n" + String(repeating: "a", count: 0x1AF) + "\r\n0\r\n\r\n"
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func encodedChunksParseBack() {
        // The encoder and the parser agree on chunked framing.
        var body: [UInt8] = []
        for size in [1, 15, 16, 255, 256, 4097] {
            Array(repeating: UInt8(size & 0x7F), count: size).withUnsafeBytes {
                HTTPResponseEncoder.encodeChunk($0, into: &body)
            }
        }
        HTTPResponseEncoder.encodeLastChunk(into: &body)
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + String(decoding: body, as: UTF8.self)
        let events = HTTPParseDriver.expectSplitInvariant(text, splits: 2)
        let expected = [1, 15, 16, 255, 256, 4097].flatMap { Array(repeating: UInt8($0 & 0x7F), count: $0) }
        #expect(events.dropFirst().first == .body(expected))
    }

    @Test func continueResponseIsExact() {
        #expect(HTTPResponseEncoder.continueResponse == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    @Test func everyParseErrorStatusHasItsPhrase() {
        let phrases = [413, 414, 431, 400, 505, 501, 416, 304, 206].map(HTTPStatusReason.phrase)
        #expect(
            phrases == [
                "Content Too Large", "URI Too Long", "Request Header Fields Too Large", "Bad Request",
                "HTTP Version Not Supported", "Not Implemented", "Range Not Satisfiable", "Not Modified",
                "Partial Content",
            ])
        #expect(HTTPStatusReason.phrase(299) == "Success")
        #expect(HTTPStatusReason.phrase(999) == "Unknown")
    }
}
