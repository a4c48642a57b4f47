/// Reads a request head, or the trailer section of a chunked body, as a byte-at-a-time state machine.
///
/// Every rule is checked at the byte that breaks it, so the outcome (including which error, and where) depends
/// only on the bytes and never on how the input was split; the fuzz tests hold the parser to that. Runs of
/// ordinary bytes inside a method, target, version, field name or field value are taken in bulk by `takeRun`,
/// which stops short of any limit so the limit is still enforced by `step` at the exact byte.
///
/// Content bytes (method, target, version, names, values) are copied into `bytes`, bounded by `bytesMax`;
/// separators and line endings are not. Owned by one parser, so by one loop thread.
struct HTTPHeadScanner: Sendable {
    enum Mode: Sendable {
        case request
        case trailers
    }

    enum State: Sendable {
        case lineStart  // before the request line; a CR here starts an empty line to skip
        case leadingLF
        case method
        case target
        case version
        case requestLineLF
        case fieldStart  // a field name, or the CR of the blank line that ends the section
        case fieldName
        case fieldValueLeadingSpace
        case fieldValue
        case fieldLineLF
        case endLF
    }

    enum Outcome: Sendable, Equatable {
        case needMore
        case complete
        case failed(HTTPParseError)
    }

    struct FieldRange: Sendable {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    let bytesMax: Int
    let urlBytesMax: Int
    let fieldCountMax: Int
    private(set) var state: State = .lineStart
    /// Every byte of this head or trailer section so far, skipped empty lines included: what `bytesMax` bounds.
    private(set) var byteCount = 0
    private(set) var bytes: [UInt8] = []
    private(set) var fields: [FieldRange] = []
    private var fieldCount = 0
    private(set) var methodEnd = 0
    private(set) var targetEnd = 0
    private(set) var versionMinor = 1
    private var nameStart = 0
    private var nameEnd = 0
    private var valueStart = 0

    init(limits: HTTPLimits) {
        // Negative limits act as zero, so no limit arithmetic below can overflow.
        bytesMax = max(0, limits.headerBytesMax)
        urlBytesMax = max(0, limits.urlBytesMax)
        fieldCountMax = max(0, limits.headerCountMax)
    }

    /// Nothing of a head has arrived, not even an empty line.
    var isAtStart: Bool { byteCount == 0 }

    mutating func reset(mode: Mode) {
        state = mode == .request ? .lineStart : .fieldStart
        byteCount = 0
        fieldCount = 0
        // One huge head must not pin its buffer for the life of a keep-alive connection.
        if bytes.capacity > 8192 {
            bytes = []
            fields = []
        } else {
            bytes.removeAll(keepingCapacity: true)
            fields.removeAll(keepingCapacity: true)
        }
    }

    /// Consumes bytes from `start` until the section is complete, fails, or the input ends.
    mutating func scan(_ input: UnsafeRawBufferPointer, from start: Int) -> (position: Int, outcome: Outcome) {
        var position = start
        while position < input.count {
            position += takeRun(input, from: position)
            guard position < input.count else { break }
            let outcome = step(input[position])
            position += 1
            switch outcome {
            case .needMore: continue
            case .complete, .failed: return (position, outcome)
            }
        }
        return (position, .needMore)
    }

    /// Copies the longest run of bytes that leave the state unchanged and stay within every limit.
    private mutating func takeRun(_ input: UnsafeRawBufferPointer, from start: Int) -> Int {
        // min before +, so a limit near Int.max cannot overflow.
        let end = start + min(input.count - start, bytesMax - byteCount)
        let stop: Int
        switch state {
        case .method, .fieldName:
            stop = Self.runEnd(input, start, end, HTTPByteClass.isToken)
        case .target:
            let targetEnd = start + min(end - start, urlBytesMax - (bytes.count - methodEnd))
            stop = Self.runEnd(input, start, targetEnd, HTTPByteClass.isTarget)
        case .version:
            stop = Self.runEnd(input, start, end, HTTPByteClass.isVersion)
        case .fieldValue:
            stop = Self.runEnd(input, start, end, HTTPByteClass.isFieldValue)
        case .lineStart, .leadingLF, .requestLineLF, .fieldStart, .fieldValueLeadingSpace, .fieldLineLF, .endLF:
            return 0
        }
        guard stop > start else { return 0 }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<stop]))
        byteCount += stop - start
        return stop - start
    }

    @inline(__always)
    private static func runEnd(
        _ input: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ belongs: (UInt8) -> Bool
    ) -> Int {
        var position = start
        while position < end && belongs(input[position]) { position += 1 }
        return position
    }

    /// Advances by one byte. The size limit is checked first, so a section one byte too long fails with 431
    /// whatever that byte is.
    mutating func step(_ byte: UInt8) -> Outcome {
        guard byteCount < bytesMax else { return .failed(.headersTooLarge) }
        byteCount += 1
        switch state {
        case .lineStart:
            if byte == .cr {
                state = .leadingLF
                return .needMore
            }
            guard HTTPByteClass.isToken(byte) else { return reject(byte, "invalid method character") }
            bytes.append(byte)
            state = .method
            return .needMore
        case .leadingLF:
            guard byte == .lf else { return reject(byte, "bare CR") }
            state = .lineStart
            return .needMore
        case .method:
            return stepMethod(byte)
        case .target:
            return stepTarget(byte)
        case .version:
            return stepVersion(byte)
        case .requestLineLF, .fieldLineLF:
            guard byte == .lf else { return reject(byte, "bare CR") }
            state = .fieldStart
            return .needMore
        case .fieldStart:
            return stepFieldStart(byte)
        case .fieldName:
            return stepFieldName(byte)
        case .fieldValueLeadingSpace, .fieldValue:
            return stepFieldValue(byte)
        case .endLF:
            guard byte == .lf else { return reject(byte, "bare CR") }
            return .complete
        }
    }

    private mutating func stepMethod(_ byte: UInt8) -> Outcome {
        if byte == .space {
            methodEnd = bytes.count
            state = .target
        } else if HTTPByteClass.isToken(byte) {
            bytes.append(byte)
        } else {
            return reject(byte, "invalid method character")
        }
        return .needMore
    }

    private mutating func stepTarget(_ byte: UInt8) -> Outcome {
        if byte == .space {
            guard bytes.count > methodEnd else { return .failed(.malformed("empty request-target")) }
            targetEnd = bytes.count
            state = .version
        } else if HTTPByteClass.isTarget(byte) {
            guard bytes.count - methodEnd < urlBytesMax else { return .failed(.uriTooLong) }
            bytes.append(byte)
        } else {
            return reject(byte, "invalid request-target character")
        }
        return .needMore
    }

    private mutating func stepVersion(_ byte: UInt8) -> Outcome {
        if byte == .cr {
            if let failure = finishVersion() { return failure }
            state = .requestLineLF
        } else if HTTPByteClass.isVersion(byte) {
            bytes.append(byte)
        } else {
            return reject(byte, "invalid HTTP version")
        }
        return .needMore
    }

    /// "HTTP/" DIGIT "." DIGIT exactly; a well-formed version other than 1.0 or 1.1 is 505, anything else 400.
    private mutating func finishVersion() -> Outcome? {
        let v = targetEnd
        guard bytes.count - v == 8, bytes[v] == UInt8(ascii: "H"), bytes[v + 1] == UInt8(ascii: "T"),
            bytes[v + 2] == UInt8(ascii: "T"), bytes[v + 3] == UInt8(ascii: "P"), bytes[v + 4] == UInt8(ascii: "/"),
            let major = Self.digit(bytes[v + 5]), bytes[v + 6] == UInt8(ascii: "."), let minor = Self.digit(bytes[v + 7])
        else { return .failed(.malformed("invalid HTTP version")) }
        guard major == 1 && minor <= 1 else { return .failed(.versionNotSupported) }
        versionMinor = minor
        return nil
    }

    private mutating func stepFieldStart(_ byte: UInt8) -> Outcome {
        if byte == .cr {
            state = .endLF
        } else if HTTPByteClass.isToken(byte) {
            fieldCount += 1
            guard fieldCount <= fieldCountMax else { return .failed(.headersTooLarge) }
            nameStart = bytes.count
            bytes.append(byte)
            state = .fieldName
        } else if HTTPByteClass.isWhitespace(byte) {
            return .failed(.malformed("obsolete line folding"))
        } else {
            return reject(byte, "invalid field name character")
        }
        return .needMore
    }

    private mutating func stepFieldName(_ byte: UInt8) -> Outcome {
        if byte == UInt8(ascii: ":") {
            nameEnd = bytes.count
            state = .fieldValueLeadingSpace
        } else if HTTPByteClass.isToken(byte) {
            bytes.append(byte)
        } else if HTTPByteClass.isWhitespace(byte) {
            return .failed(.malformed("whitespace before colon"))
        } else {
            return reject(byte, "invalid field name character")
        }
        return .needMore
    }

    /// Leading whitespace is skipped; trailing whitespace is kept until the CR and then trimmed.
    private mutating func stepFieldValue(_ byte: UInt8) -> Outcome {
        if byte == .cr {
            if state == .fieldValueLeadingSpace { valueStart = bytes.count }
            var valueEnd = bytes.count
            while valueEnd > valueStart && HTTPByteClass.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
            fields.append(
                FieldRange(nameStart: nameStart, nameEnd: nameEnd, valueStart: valueStart, valueEnd: valueEnd))
            state = .fieldLineLF
        } else if state == .fieldValueLeadingSpace && HTTPByteClass.isWhitespace(byte) {
            return .needMore
        } else if HTTPByteClass.isFieldValue(byte) {
            if state == .fieldValueLeadingSpace {
                valueStart = bytes.count
                state = .fieldValue
            }
            bytes.append(byte)
        } else {
            return reject(byte, "invalid field value character")
        }
        return .needMore
    }

    /// Names a bare LF as such: it is the commonest way a peer breaks the CRLF rule.
    private func reject(_ byte: UInt8, _ reason: String) -> Outcome {
        .failed(.malformed(byte == .lf ? "bare LF" : reason))
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}

// File-private so these short names cannot clash with other parsers in the module.
extension UInt8 {
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let lf = UInt8(ascii: "\n")
    fileprivate static let space = UInt8(ascii: " ")
}
