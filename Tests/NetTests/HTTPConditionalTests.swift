import Testing

@testable import Net

@Suite struct HTTPConditionalTests {
    static func evaluate(
        _ fields: [(String, String)], method: String = "GET", etag: String? = "\"v1\"", total: Int64 = 1000
    ) -> HTTPConditional.Outcome {
        let head = HTTPRequestHead(method: method, target: "/static/app.js", headers: HTTPHeaders(fields))
        return HTTPConditional.evaluate(head, etag: etag, totalLength: total)
    }

    @Test func noConditionsMeansFull() {
        #expect(Self.evaluate([]) == .full)
    }

    @Test(arguments: [
        "\"v1\"", "W/\"v1\"", "\"v0\", \"v1\"", "\"v0\",W/\"v1\"", "*", " \"v1\" ",
    ])
    func matchingIfNoneMatchIsNotModified(value: String) {
        #expect(Self.evaluate([("If-None-Match", value)]) == .notModified, "\(value)")
        #expect(Self.evaluate([("If-None-Match", value)], method: "HEAD") == .notModified)
        #expect(Self.evaluate([("If-None-Match", value)], etag: "W/\"v1\"") == .notModified)
    }

    @Test func ifNoneMatchAcrossSeveralFields() {
        #expect(Self.evaluate([("If-None-Match", "\"a\""), ("if-none-match", "\"v1\"")]) == .notModified)
    }

    @Test func nonMatchingIfNoneMatchFallsThroughToRange() {
        #expect(Self.evaluate([("If-None-Match", "\"v0\"")]) == .full)
        #expect(Self.evaluate([("If-None-Match", "\"v0\""), ("Range", "bytes=0-9")]) == .partial(offset: 0, length: 10))
        #expect(Self.evaluate([("If-None-Match", "\"v1\""), ("Range", "bytes=0-9")]) == .notModified)
    }

    @Test func conditionsDoNotApplyToOtherMethodsOrWithoutAnEtag() {
        #expect(Self.evaluate([("If-None-Match", "*")], method: "POST") == .full)
        #expect(Self.evaluate([("If-None-Match", "\"v1\"")], etag: nil) == .full)
        #expect(Self.evaluate([("Range", "bytes=0-9")], method: "HEAD") == .full)
    }

    @Test(arguments: [
        ("bytes=0-499", HTTPConditional.Outcome.partial(offset: 0, length: 500)),
        ("bytes=500-999", .partial(offset: 500, length: 500)),
        ("bytes=500-5000", .partial(offset: 500, length: 500)),
        ("bytes=999-", .partial(offset: 999, length: 1)),
        ("bytes=0-", .partial(offset: 0, length: 1000)),
        ("bytes=-100", .partial(offset: 900, length: 100)),
        ("bytes=-5000", .partial(offset: 0, length: 1000)),
        ("Bytes = 0-1", .full),
        ("BYTES=1-1", .partial(offset: 1, length: 1)),
        ("bytes= 2-3 ", .partial(offset: 2, length: 2)),
        ("bytes=0-1, ", .partial(offset: 0, length: 2)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=1000-1001", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=99999999999999999999999-", .unsatisfiable),
        ("bytes=0-99999999999999999999999", .partial(offset: 0, length: 1000)),
        ("bytes=0-1,5-9", .full),
        ("bytes=5-1", .full),
        ("bytes=a-b", .full),
        ("bytes=-", .full),
        ("bytes=1", .full),
        ("bytes=", .full),
        ("items=0-1", .full),
        ("bytes=+1-2", .full),
    ])
    func rangeOutcomes(range: String, expected: HTTPConditional.Outcome) {
        #expect(Self.evaluate([("Range", range)]) == expected, "\(range)")
    }

    @Test func anyRangeOfAnEmptyBodyIsUnsatisfiable() {
        #expect(Self.evaluate([("Range", "bytes=0-")], total: 0) == .unsatisfiable)
        #expect(Self.evaluate([("Range", "bytes=-1")], total: 0) == .unsatisfiable)
    }

    @Test func ifRangeNeedsAStrongMatch() {
        let range = ("Range", "bytes=0-9")
        #expect(Self.evaluate([range, ("If-Range", "\"v1\"")]) == .partial(offset: 0, length: 10))
        #expect(Self.evaluate([range, ("If-Range", "\"v0\"")]) == .full)
        #expect(Self.evaluate([range, ("If-Range", "W/\"v1\"")]) == .full)
        #expect(Self.evaluate([range, ("If-Range", "\"v1\"")], etag: "W/\"v1\"") == .full)
        #expect(Self.evaluate([range, ("If-Range", "Sun, 06 Nov 1994 08:49:37 GMT")]) == .full)
    }
}
