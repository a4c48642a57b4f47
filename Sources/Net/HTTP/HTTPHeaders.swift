/// Header fields in the order they were sent or added, names spelled as given. Lookups compare names
/// ASCII-case-insensitively, as RFC 9110 requires; a linear scan beats hashing for the dozen fields a
/// request usually has.
public struct HTTPHeaders: Sendable, Sequence, Equatable {
    public typealias Element = (name: String, value: String)

    private var fields: [Element] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces the value of the first field with this name and drops any later ones, or appends the field.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.namesEqual($0.name, name) }) else {
            fields.append((name: name, value: value))
            return
        }
        fields[first].value = value
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if Self.namesEqual(fields[index].name, name) {
                fields.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    public mutating func remove(name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// The first value of the named field.
    public subscript(name: String) -> String? {
        fields.first { Self.namesEqual($0.name, name) }?.value
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    public func contains(name: String) -> Bool {
        fields.contains { Self.namesEqual($0.name, name) }
    }

    /// Whether any value of the named field, read as a comma-separated list, holds `token`
    /// (ASCII-case-insensitively): the reading RFC 9110 gives Connection, Upgrade and Transfer-Encoding.
    public func containsToken(_ token: String, inField name: String) -> Bool {
        var found = false
        for field in fields where !found && Self.namesEqual(field.name, name) {
            Self.forEachListElement(field.value) { found = found || Self.namesEqual($0, token) }
        }
        return found
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive equality; non-ASCII bytes must match exactly.
    static func namesEqual<S1: StringProtocol, S2: StringProtocol>(_ a: S1, _ b: S2) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.count == y.count else { return false }
        var i = x.startIndex
        var j = y.startIndex
        while i != x.endIndex {
            guard HTTPByteClass.lowercased(x[i]) == HTTPByteClass.lowercased(y[j]) else { return false }
            x.formIndex(after: &i)
            y.formIndex(after: &j)
        }
        return true
    }

    /// The non-empty elements of a comma-separated field value, with surrounding whitespace removed.
    static func listElements(_ value: String) -> [Substring] {
        var elements: [Substring] = []
        forEachListElement(value) { elements.append($0) }
        return elements
    }

    /// Visits the non-empty, trimmed elements of a comma-separated value without collecting them. Splitting is by
    /// byte, not by Character, so a combining mark after a comma cannot glue two elements together.
    static func forEachListElement(_ value: String, _ body: (Substring) -> Void) {
        let utf8 = value.utf8
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: ",")) ?? utf8.endIndex
            let element = trimWhitespace(value[start..<end])
            if !element.isEmpty { body(element) }
            guard end != utf8.endIndex else { return }
            start = utf8.index(after: end)
        }
    }

    static func trimWhitespace(_ s: Substring) -> Substring {
        let utf8 = s.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, HTTPByteClass.isWhitespace(utf8[start]) { utf8.formIndex(after: &start) }
        while start < end {
            let before = utf8.index(before: end)
            guard HTTPByteClass.isWhitespace(utf8[before]) else { break }
            end = before
        }
        return s[start..<end]
    }
}
