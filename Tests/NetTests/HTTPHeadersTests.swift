import Testing

@testable import Net

@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndKeepsOrder() {
        var headers = HTTPHeaders([("Content-Type", "a"), ("X-Multi", "1")])
        headers.add(name: "x-multi", value: "2")
        #expect(headers.count == 3)
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers["missing"] == nil)
        #expect(headers.values("X-MULTI") == ["1", "2"])
        #expect(Array(headers).map(\.name) == ["Content-Type", "X-Multi", "x-multi"])
    }

    @Test func replaceOrAddReplacesTheFirstAndDropsTheRest() {
        var headers = HTTPHeaders([("A", "1"), ("B", "x"), ("a", "2"), ("A", "3")])
        headers.replaceOrAdd(name: "a", value: "new")
        #expect(Array(headers).map { "\($0.name)=\($0.value)" } == ["A=new", "B=x"])
        headers.replaceOrAdd(name: "C", value: "c")
        #expect(Array(headers).map { "\($0.name)=\($0.value)" } == ["A=new", "B=x", "C=c"])
        headers.remove(name: "b")
        #expect(headers.count == 2 && !headers.contains(name: "B"))
    }

    @Test func nonASCIINamesMatchExactlyOnly() {
        let headers = HTTPHeaders([("X-Ä", "1")])
        #expect(headers["X-Ä"] == "1")
        #expect(headers["x-ä"] == nil)
    }

    @Test func tokensAreFoundInCommaSeparatedValues() {
        let headers = HTTPHeaders([("Connection", "keep-alive ,\tUpgrade"), ("Connection", "x")])
        #expect(headers.containsToken("upgrade", inField: "connection"))
        #expect(headers.containsToken("X", inField: "Connection"))
        #expect(!headers.containsToken("keep", inField: "Connection"))
        #expect(HTTPHeaders.listElements(" a, ,b ,, c\u{301} ") == ["a", "b", "c\u{301}"])
        #expect(HTTPHeaders.listElements("a,\u{301}b") == ["a", "\u{301}b"])
    }

    @Test func equalityIsOrderAndSpellingSensitive() {
        #expect(HTTPHeaders([("A", "1"), ("B", "2")]) == HTTPHeaders([("A", "1"), ("B", "2")]))
        #expect(HTTPHeaders([("A", "1"), ("B", "2")]) != HTTPHeaders([("B", "2"), ("A", "1")]))
        #expect(HTTPHeaders([("A", "1")]) != HTTPHeaders([("a", "1")]))
    }

    @Test func headsBuiltByHandDeriveTheirFacts() {
        let head = HTTPRequestHead(
            method: "POST", target: "/x?y", versionMinor: 0,
            headers: HTTPHeaders([("Content-Length", "12"), ("Connection", "keep-alive")]))
        #expect(head.contentLength == 12 && !head.isChunked && head.keepAlive)
        #expect(head.path == "/x" && head.query == "y")
        let bad = HTTPRequestHead(
            method: "POST", target: "/", headers: HTTPHeaders([("Content-Length", "1"), ("Transfer-Encoding", "chunked")]))
        #expect(bad.contentLength == nil && !bad.isChunked)
    }
}
