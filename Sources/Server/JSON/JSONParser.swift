/// How much a single request body may ask of the parser. Every limit fails with a 400 instead of
/// letting a hostile body use unbounded stack, memory or time.
struct JSONLimits: Sendable {
    /// Open arrays and objects at once; a scalar document has depth 0.
    var depthMax = 32
    /// Every value in the document counts once, containers included.
    var elementsMax = 100_000
    /// The decoded UTF-8 length of one string or key.
    var stringBytesMax = 1 << 20
}

/// A strict RFC 8259 parser that reads the bytes once. Nesting is tracked on an explicit stack of
/// frames rather than by recursion, so a body of 300 KB of `[` costs one error, not a stack overflow.
/// Strings are validated as UTF-8 in the same pass and built from byte slices of the input.
enum JSONParser {
    static func parse(_ bytes: [UInt8], limits: JSONLimits = .init()) throws(AppError) -> JSONValue {
        var cursor = Cursor(bytes: bytes, limits: limits)
        return try cursor.document()
    }

    static let errorID = "api.context.invalid_body_param.app_error"

    static func failure(_ problem: String, at offset: Int) -> AppError {
        AppError(id: errorID, message: "The request body is not valid JSON: \(problem) at byte \(offset).", statusCode: 400)
    }

    /// One open container. Its finished children wait in `Cursor.values` (and, for objects, their keys
    /// in `Cursor.keys`) from the recorded start index, so that closing it moves each child exactly once.
    fileprivate struct Frame {
        var isObject: Bool
        var valuesStart: Int
        var keysStart: Int
    }

    /// What the document loop does next.
    fileprivate enum Step {
        case needChild
        case finished(JSONValue)
    }

    fileprivate struct Cursor {
        let bytes: [UInt8]
        let limits: JSONLimits
        var index = 0
        var elements = 0
        var frames: [Frame] = []
        var values: [JSONValue] = []
        var keys: [String] = []
        /// Reused for strings that contain escapes, so decoding them allocates only the final String.
        var scratch: [UInt8] = []

        mutating func document() throws(AppError) -> JSONValue {
            skipWhitespace()
            guard index < bytes.count else { throw failure("the body is empty", at: index) }
            var step = try scalarOrOpen()
            while true {
                switch step {
                case .needChild:
                    step = try scalarOrOpen()
                case .finished(let value):
                    guard frames.isEmpty else {
                        step = try attach(value)
                        continue
                    }
                    skipWhitespace()
                    guard index == bytes.count else { throw failure("unexpected data after the value", at: index) }
                    return value
                }
            }
        }

        /// Reads the next value. A scalar or an empty container comes back finished; a container with
        /// content is pushed as a frame and the caller is told to read its first child.
        mutating func scalarOrOpen() throws(AppError) -> Step {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input", at: index) }
            elements += 1
            guard elements <= limits.elementsMax else { throw failure("too many values", at: index) }
            let byte = bytes[index]
            switch byte {
            case Byte.openBrace, Byte.openBracket:
                return try open(isObject: byte == Byte.openBrace)
            case Byte.quote:
                return .finished(.string(try string()))
            case Byte.lowerT:
                try literal(Byte.trueText)
                return .finished(.bool(true))
            case Byte.lowerF:
                try literal(Byte.falseText)
                return .finished(.bool(false))
            case Byte.lowerN:
                try literal(Byte.nullText)
                return .finished(.null)
            case Byte.minus, Byte.zero...Byte.nine:
                return .finished(try number())
            default:
                throw failure("unexpected character", at: index)
            }
        }

        mutating func open(isObject: Bool) throws(AppError) -> Step {
            guard frames.count < limits.depthMax else { throw failure("nesting is too deep", at: index) }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == (isObject ? Byte.closeBrace : Byte.closeBracket) {
                index += 1
                return .finished(isObject ? .object([:]) : .array([]))
            }
            frames.append(Frame(isObject: isObject, valuesStart: values.count, keysStart: keys.count))
            if isObject { try memberKey() }
            return .needChild
        }

        /// Hands a finished value to the innermost open container, then reads the separator after it:
        /// a comma asks for the next child, a closing bracket finishes the container itself.
        mutating func attach(_ value: JSONValue) throws(AppError) -> Step {
            guard let frame = frames.last else { preconditionFailure("attach called with no open container") }
            values.append(value)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input", at: index) }
            let byte = bytes[index]
            index += 1
            if byte == Byte.comma {
                if frame.isObject { try memberKey() }
                return .needChild
            }
            guard byte == (frame.isObject ? Byte.closeBrace : Byte.closeBracket) else {
                throw failure(frame.isObject ? "expected ',' or '}'" : "expected ',' or ']'", at: index - 1)
            }
            frames.removeLast()
            return .finished(frame.isObject ? try closeObject(frame) : closeArray(frame))
        }

        mutating func closeArray(_ frame: Frame) -> JSONValue {
            let children = Array(values[frame.valuesStart...])
            values.removeSubrange(frame.valuesStart...)
            return .array(children)
        }

        mutating func closeObject(_ frame: Frame) throws(AppError) -> JSONValue {
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(values.count - frame.valuesStart)
            for offset in 0..<(values.count - frame.valuesStart) {
                let key = keys[frame.keysStart + offset]
                guard members.updateValue(values[frame.valuesStart + offset], forKey: key) == nil else {
                    throw failure("duplicate key \"\(key.prefix(JSONParser.keyQuoteCharactersMax))\"", at: index - 1)
                }
            }
            values.removeSubrange(frame.valuesStart...)
            keys.removeSubrange(frame.keysStart...)
            return .object(members)
        }

        /// Reads `"key" :` and leaves the cursor on the member's value.
        mutating func memberKey() throws(AppError) {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == Byte.quote else { throw failure("expected a string key", at: index) }
            keys.append(try string())
            skipWhitespace()
            guard index < bytes.count, bytes[index] == Byte.colon else { throw failure("expected ':'", at: index) }
            index += 1
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case Byte.space, Byte.tab, Byte.lineFeed, Byte.carriageReturn: index += 1
                default: return
                }
            }
        }

        mutating func literal(_ text: [UInt8]) throws(AppError) {
            guard bytes.count - index >= text.count, bytes[index..<(index + text.count)].elementsEqual(text) else {
                throw failure("invalid literal", at: index)
            }
            index += text.count
        }
    }

    /// Keys quoted in error messages are cut short so that a hostile key cannot make a huge message.
    static let keyQuoteCharactersMax = 64
}

extension JSONParser {
    /// The bytes of the JSON grammar, by name.
    enum Byte {
        static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
        static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
        static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":"), minus = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+"), dot = UInt8(ascii: "."), zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
        static let lowerE = UInt8(ascii: "e"), upperE = UInt8(ascii: "E"), lowerT = UInt8(ascii: "t")
        static let lowerF = UInt8(ascii: "f"), lowerN = UInt8(ascii: "n"), lowerU = UInt8(ascii: "u")
        static let lowerB = UInt8(ascii: "b"), lowerR = UInt8(ascii: "r")
        static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        static let backspace: UInt8 = 0x08, formFeed: UInt8 = 0x0C, controlEnd: UInt8 = 0x20, asciiEnd: UInt8 = 0x80
        static let trueText = Array("true".utf8), falseText = Array("false".utf8), nullText = Array("null".utf8)
    }
}

extension JSONParser.Cursor {
    /// Reads a string starting at its opening quote. Strings without escapes, the common case, are
    /// validated in place and decoded straight from the input slice.
    mutating func string() throws(AppError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.quote {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == Byte.backslash { break }
            try plainCharacter(byte)
            guard index - start <= limits.stringBytesMax else { throw failure("a string is too long", at: index) }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start..<index])
        return try escapedRest()
    }

    /// The slow path from the first backslash on: the decoded bytes collect in `scratch`.
    mutating func escapedRest() throws(AppError) -> String {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.quote {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == Byte.backslash {
                try escape()
            } else {
                let characterStart = index
                try plainCharacter(byte)
                scratch.append(contentsOf: bytes[characterStart..<index])
            }
            guard scratch.count <= limits.stringBytesMax else { throw failure("a string is too long", at: index) }
        }
        throw failure("unterminated string", at: index)
    }

    /// Steps over one unescaped character, checking that it is allowed and well-formed UTF-8.
    mutating func plainCharacter(_ byte: UInt8) throws(AppError) {
        if byte < Byte.controlEnd {
            throw failure(byte == 0 ? "a NUL byte inside a string" : "a control character inside a string", at: index)
        }
        if byte < Byte.asciiEnd {
            index += 1
        } else {
            try multiByteCharacter(byte)
        }
    }

    /// Validates one UTF-8 sequence of two to four bytes (RFC 3629 table 3-7): overlong forms,
    /// UTF-16 surrogates and code points above U+10FFFF are rejected, as are truncated sequences.
    mutating func multiByteCharacter(_ lead: UInt8) throws(AppError) {
        let continuations: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: continuations = 1
        case 0xE0: continuations = 2; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: continuations = 2
        case 0xED: continuations = 2; secondRange = 0x80...0x9F
        case 0xF0: continuations = 3; secondRange = 0x90...0xBF
        case 0xF1...0xF3: continuations = 3
        case 0xF4: continuations = 3; secondRange = 0x80...0x8F
        default: throw failure("invalid UTF-8", at: index)
        }
        guard bytes.count - index > continuations else { throw failure("truncated UTF-8", at: index) }
        guard secondRange.contains(bytes[index + 1]) else { throw failure("invalid UTF-8", at: index) }
        for offset in stride(from: 2, through: continuations, by: 1) where bytes[index + offset] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8", at: index)
        }
        index += continuations + 1
    }

    /// Decodes one backslash escape into `scratch`, joining a UTF-16 surrogate pair into one scalar.
    mutating func escape() throws(AppError) {
        let escapeStart = index
        guard bytes.count - index >= 2 else { throw failure("unterminated escape", at: index) }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case Byte.quote, Byte.backslash, Byte.slash: scratch.append(letter)
        case Byte.lowerB: scratch.append(Byte.backspace)
        case Byte.lowerF: scratch.append(Byte.formFeed)
        case Byte.lowerN: scratch.append(Byte.lineFeed)
        case Byte.lowerR: scratch.append(Byte.carriageReturn)
        case Byte.lowerT: scratch.append(Byte.tab)
        case Byte.lowerU:
            var scalar = try hexUnit()
            if scalar == 0 { throw failure("a \\u0000 escape", at: escapeStart) }
            if (0xDC00...0xDFFF).contains(scalar) { throw failure("a lone low surrogate escape", at: escapeStart) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == Byte.backslash, bytes[index + 1] == Byte.lowerU else {
                    throw failure("a lone high surrogate escape", at: escapeStart)
                }
                index += 2
                let low = try hexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone high surrogate escape", at: escapeStart) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            appendUTF8(scalar)
        default:
            throw failure("an invalid escape", at: escapeStart)
        }
    }

    /// Reads the four hex digits of a `\u` escape.
    mutating func hexUnit() throws(AppError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("a short \\u escape", at: index) }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case Byte.zero...Byte.nine: digit = byte - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a bad hex digit in a \\u escape", at: index)
            }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        // Callers pass only scalars outside the surrogate range, so the initializer cannot fail.
        guard let unicode = Unicode.Scalar(scalar) else { preconditionFailure("surrogate \(scalar) reached appendUTF8") }
        UTF8.encode(unicode) { scratch.append($0) }
    }

    /// Reads `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Integers that fit Int64 stay exact;
    /// everything else becomes a Double, and a number too large for a finite Double is rejected.
    mutating func number() throws(AppError) -> JSONValue {
        let start = index
        if bytes[index] == Byte.minus { index += 1 }
        guard digitAhead() else { throw failure("expected a digit", at: index) }
        if bytes[index] == Byte.zero {
            index += 1
            if digitAhead() { throw failure("a number with a leading zero", at: start) }
        } else {
            skipDigits()
        }
        var integral = true
        if index < bytes.count, bytes[index] == Byte.dot {
            integral = false
            index += 1
            guard digitAhead() else { throw failure("expected a digit after '.'", at: index) }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == Byte.lowerE || bytes[index] == Byte.upperE {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == Byte.plus || bytes[index] == Byte.minus { index += 1 }
            guard digitAhead() else { throw failure("expected a digit in the exponent", at: index) }
            skipDigits()
        }
        if integral, let exact = int64(start..<index) { return .int(exact) }
        guard let double = Double(String(decoding: bytes[start..<index], as: UTF8.self)), double.isFinite else {
            throw failure("a number out of range", at: start)
        }
        return .double(double)
    }

    func digitAhead() -> Bool {
        index < bytes.count && (Byte.zero...Byte.nine).contains(bytes[index])
    }

    mutating func skipDigits() {
        while digitAhead() { index += 1 }
    }

    /// Accumulates downwards so that Int64.min, whose magnitude has no positive Int64, parses exactly.
    func int64(_ range: Range<Int>) -> Int64? {
        let negative = bytes[range.lowerBound] == Byte.minus
        var value: Int64 = 0
        for position in (negative ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound {
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowDigit) = shifted.subtractingReportingOverflow(Int64(bytes[position] - Byte.zero))
            if overflowShift || overflowDigit { return nil }
            value = next
        }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }
}

private typealias Byte = JSONParser.Byte

private func failure(_ problem: String, at offset: Int) -> AppError {
    JSONParser.failure(problem, at: offset)
}
