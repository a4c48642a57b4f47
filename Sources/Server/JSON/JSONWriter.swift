import Actors

/// Writes JSON straight into a byte buffer, which is what the network layer sends. Commas are placed
/// automatically: a value or key that follows a finished value in the same container gets one first.
/// The writer trusts its caller to nest begin/end calls and to put a key before each object member.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// True when the last thing written was a complete value, so the next value or key needs a comma.
    private var needsComma = false

    init(capacity: Int = JSONWriter.initialCapacityBytes) {
        bytes.reserveCapacity(capacity)
    }

    /// Most single-object responses fit, so the buffer rarely grows more than once.
    static let initialCapacityBytes = 512

    static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    mutating func beginObject() {
        separate()
        bytes.append(Byte.openBrace)
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(Byte.closeBrace)
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(Byte.openBracket)
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(Byte.closeBracket)
        needsComma = true
    }

    mutating func key(_ name: StaticString) {
        separate()
        name.withUTF8Buffer { appendQuoted($0) }
        bytes.append(Byte.colon)
        needsComma = false
    }

    mutating func key(_ name: String) {
        separate()
        var name = name
        name.withUTF8 { appendQuoted($0) }
        bytes.append(Byte.colon)
        needsComma = false
    }

    mutating func string(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { appendQuoted($0) }
        needsComma = true
    }

    /// JSON text written as one string value (Mattermost nests `post`, `channel`, … in events this way).
    mutating func string(json: [UInt8]) {
        separate()
        json.withUnsafeBufferPointer { appendQuoted($0) }
        needsComma = true
    }

    /// Builds JSON with `body` and writes it as one string value.
    mutating func embedded(_ body: (inout JSONWriter) -> Void) {
        var inner = JSONWriter()
        body(&inner)
        string(json: inner.bytes)
    }

    mutating func int(_ number: Int64) {
        separate()
        appendDecimal(number)
        needsComma = true
    }

    mutating func int(_ number: Int) {
        int(Int64(number))
    }

    /// Doubles use Swift's shortest round-tripping form, which is valid JSON for every finite value.
    /// JSON has no NaN or infinity, so writing one is a programmer error.
    mutating func double(_ number: Double) {
        precondition(number.isFinite, "JSON cannot represent \(number)")
        separate()
        bytes.append(contentsOf: number.description.utf8)
        needsComma = true
    }

    mutating func bool(_ flag: Bool) {
        separate()
        bytes.append(contentsOf: flag ? Byte.trueText : Byte.falseText)
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: Byte.nullText)
        needsComma = true
    }

    /// Splices bytes that are already one complete JSON value, such as post props stored as JSON text.
    mutating func raw(_ encoded: [UInt8]) {
        separate()
        bytes.append(contentsOf: encoded)
        needsComma = true
    }

    /// An id as Mattermost writes it: the 26-character base32 text.
    mutating func id(_ value: ID) {
        string(value.description)
    }

    mutating func field(_ name: StaticString, _ text: String) {
        key(name)
        string(text)
    }

    mutating func field(_ name: StaticString, _ number: Int64) {
        key(name)
        int(number)
    }

    mutating func field(_ name: StaticString, _ number: Int) {
        key(name)
        int(Int64(number))
    }

    mutating func field(_ name: StaticString, _ flag: Bool) {
        key(name)
        bool(flag)
    }

    mutating func field(_ name: StaticString, _ value: ID) {
        key(name)
        id(value)
    }

    /// A string-to-string object with its keys sorted, so the same map always encodes to the same bytes.
    mutating func stringMap(_ map: [String: String]) {
        beginObject()
        for (name, text) in map.sorted(by: { $0.key < $1.key }) {
            key(name)
            string(text)
        }
        endObject()
    }

    /// Writes a parsed tree back out; object keys are sorted for deterministic output.
    mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    private mutating func separate() {
        if needsComma { bytes.append(Byte.comma) }
    }

    /// Appends `"text"` with JSON escaping. Runs of bytes that need no escape are copied in one go;
    /// valid UTF-8 above ASCII is copied as is, since JSON allows it unescaped.
    private mutating func appendQuoted(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(Byte.quote)
        var runStart = 0
        for (offset, byte) in text.enumerated() where byte < Byte.controlEnd || byte == Byte.quote || byte == Byte.backslash {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<offset]))
            appendEscape(byte)
            runStart = offset + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<text.count]))
        bytes.append(Byte.quote)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(Byte.backslash)
        switch byte {
        case Byte.quote, Byte.backslash: bytes.append(byte)
        case Byte.lineFeed: bytes.append(Byte.lowerN)
        case Byte.carriageReturn: bytes.append(Byte.lowerR)
        case Byte.tab: bytes.append(Byte.lowerT)
        case Byte.backspace: bytes.append(Byte.lowerB)
        case Byte.formFeed: bytes.append(Byte.lowerF)
        default:
            bytes.append(Byte.lowerU)
            bytes.append(contentsOf: [Byte.zero, Byte.zero])
            bytes.append(JSONWriter.hexDigits[Int(byte >> 4)])
            bytes.append(JSONWriter.hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Decimal digits without going through String, since ids and timestamps dominate responses.
    /// The digits come out lowest first and are reversed in place.
    private mutating func appendDecimal(_ number: Int64) {
        if number < 0 { bytes.append(Byte.minus) }
        // The magnitude is a UInt64 so that Int64.min does not overflow.
        var magnitude = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(Byte.zero + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

private typealias Byte = JSONParser.Byte
