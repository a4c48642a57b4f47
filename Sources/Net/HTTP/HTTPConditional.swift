/// The pure decision behind conditional and range requests for static bodies (RFC 9110 §13 and §14).
/// The loop turns the outcome into 200, 304, 206 with "Content-Range: bytes a-b/total", or 416 with
/// "Content-Range: bytes */total".
public enum HTTPConditional {
    public enum Outcome: Sendable, Equatable {
        case full
        case notModified
        case partial(offset: Int64, length: Int64)
        case unsatisfiable
    }

    /// A matching If-None-Match wins over Range. Only GET and HEAD are answered 304 (other methods would need 412, which
    /// static bodies never see), and only GET honours Range, the one method RFC 9110 defines it for. A Range this
    /// server cannot or need not serve exactly (several ranges, bad syntax, a stale If-Range) gets the full body,
    /// which is always a correct answer.
    public static func evaluate(_ head: HTTPRequestHead, etag: String?, totalLength: Int64) -> Outcome {
        let isGet = head.method == "GET"
        guard isGet || head.method == "HEAD" else { return .full }
        // When If-None-Match is present but nothing matches, RFC 9110 §13.2.2 goes on to evaluate Range.
        let ifNoneMatch = head.headers.values("If-None-Match")
        if let etag, !ifNoneMatch.isEmpty, !noneMatch(ifNoneMatch, etag: etag) { return .notModified }
        guard isGet, let range = head.headers["Range"] else { return .full }
        if let ifRange = head.headers["If-Range"], !ifRangeMatches(ifRange, etag: etag) { return .full }
        return evaluateRange(range[...], totalLength: totalLength)
    }

    /// True when no listed tag matches `etag` under weak comparison ("*" matches any current representation).
    static func noneMatch(_ values: [String], etag: String) -> Bool {
        for value in values {
            for candidate in HTTPHeaders.listElements(value) {
                if candidate == "*" || opaqueTag(candidate) == opaqueTag(etag[...]) { return false }
            }
        }
        return true
    }

    /// If-Range needs a strong match: a weak tag, or a date (this server sends no Last-Modified), never matches.
    static func ifRangeMatches(_ value: String, etag: String?) -> Bool {
        guard let etag, !etag.hasPrefix("W/") else { return false }
        let candidate = HTTPHeaders.trimWhitespace(value[...])
        return !candidate.hasPrefix("W/") && candidate == etag[...]
    }

    /// The tag without its weakness indicator, for weak comparison.
    private static func opaqueTag(_ tag: Substring) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
    }

    /// One "bytes=" range; anything else is ignored by answering `.full`.
    static func evaluateRange(_ value: Substring, totalLength: Int64) -> Outcome {
        let trimmed = HTTPHeaders.trimWhitespace(value)
        guard let equals = trimmed.utf8.firstIndex(of: UInt8(ascii: "=")),
            HTTPHeaders.namesEqual(trimmed[..<equals], "bytes")
        else { return .full }
        let specs = trimmed[trimmed.utf8.index(after: equals)...]
            .utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { HTTPHeaders.trimWhitespace(Substring($0)) }
            .filter { !$0.isEmpty }
        guard specs.count == 1, let spec = specs.first,
            let dash = spec.utf8.firstIndex(of: UInt8(ascii: "-"))
        else { return .full }
        let first = spec[..<dash]
        let last = spec[spec.utf8.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = parseNumber(last) else { return .full }
            return suffixRange(suffix, totalLength: totalLength)
        }
        guard let start = parseNumber(first) else { return .full }
        if last.isEmpty { return boundedRange(start: start, end: Int64.max, totalLength: totalLength) }
        guard let end = parseNumber(last), end >= start else { return .full }
        return boundedRange(start: start, end: end, totalLength: totalLength)
    }

    private static func boundedRange(start: Int64, end: Int64, totalLength: Int64) -> Outcome {
        guard start < totalLength else { return .unsatisfiable }
        let lastByte = min(end, totalLength - 1)
        return .partial(offset: start, length: lastByte - start + 1)
    }

    /// "-n": the last n bytes; a zero-length suffix, or any suffix of an empty body, selects nothing.
    private static func suffixRange(_ suffix: Int64, totalLength: Int64) -> Outcome {
        guard suffix > 0 && totalLength > 0 else { return .unsatisfiable }
        let length = min(suffix, totalLength)
        return .partial(offset: totalLength - length, length: length)
    }

    /// 1*DIGIT, saturating at Int64.max: a position beyond any file behaves the same however large it is.
    private static func parseNumber(_ text: Substring) -> Int64? {
        guard !text.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            value = overflow1 || overflow2 ? Int64.max : sum
        }
        return value
    }
}
