/// Removes chunked transfer coding (RFC 9112 §7.1) from a body, passing data bytes straight through to the
/// delegate. Chunk-size lines are read a byte at a time, so every error is found at the same byte however the
/// input is split. The trailer section is left to the parser, which reads it with `HTTPHeadScanner`.
/// Owned by one parser, so by one loop thread.
struct HTTPChunkedDecoder: Sendable {
    enum State: Sendable, Equatable {
        case size
        case sizeWhitespace  // whitespace after the size, which must lead to an extension
        case chunkExtension
        case sizeLF
        case data(remainingBytes: Int)
        case dataCR
        case dataLF
    }

    enum Outcome: Sendable, Equatable {
        case needMore
        /// The zero-size chunk's line has been read; the trailer section follows.
        case lastChunk
        case failed(HTTPParseError)
    }

    let lineBytesMax: Int
    private(set) var state: State = .size
    /// The most body bytes this request may carry, fixed when the body starts.
    private var limitBytes = 0
    /// Data bytes announced by the chunks read so far.
    private var bodyBytes = 0
    private var chunkBytes = 0
    private var sawDigit = false
    private var lineBytes = 0

    init(limits: HTTPLimits) {
        lineBytesMax = max(0, limits.chunkLineBytesMax)
    }

    mutating func start(limitBytes: Int) {
        precondition(limitBytes >= 0, "the parser clamps body limits at zero")
        self.limitBytes = limitBytes
        bodyBytes = 0
        startLine()
    }

    /// Consumes bytes from `start`, passing chunk data to the delegate, until the last chunk's line, an error,
    /// or the end of the input.
    mutating func decode<D: HTTPParserDelegate>(
        _ input: UnsafeRawBufferPointer, from start: Int, delegate: inout D
    ) -> (position: Int, outcome: Outcome) {
        var position = start
        while position < input.count {
            if case .data(let remaining) = state {
                let count = min(remaining, input.count - position)
                delegate.body(UnsafeRawBufferPointer(rebasing: input[position..<position + count]))
                position += count
                state = count == remaining ? .dataCR : .data(remainingBytes: remaining - count)
                continue
            }
            let outcome = step(input[position])
            position += 1
            switch outcome {
            case .needMore: continue
            case .lastChunk, .failed: return (position, outcome)
            }
        }
        return (position, .needMore)
    }

    private mutating func step(_ byte: UInt8) -> Outcome {
        switch state {
        case .size, .sizeWhitespace, .chunkExtension, .sizeLF:
            guard lineBytes < lineBytesMax else { return .failed(.malformed("chunk line too long")) }
            lineBytes += 1
            return stepSizeLine(byte)
        case .data:
            preconditionFailure("chunk data is passed through by decode, never stepped: state \(state)")
        case .dataCR:
            guard byte == .cr else { return .failed(.malformed("missing CRLF after chunk data")) }
            state = .dataLF
            return .needMore
        case .dataLF:
            guard byte == .lf else { return .failed(.malformed("missing CRLF after chunk data")) }
            startLine()
            return .needMore
        }
    }

    private mutating func stepSizeLine(_ byte: UInt8) -> Outcome {
        switch state {
        case .size:
            if let digit = HTTPByteClass.hexValue(byte) { return addDigit(digit) }
            guard sawDigit else { return .failed(.malformed("missing chunk size")) }
            return afterSize(byte)
        case .sizeWhitespace:
            if HTTPByteClass.isWhitespace(byte) { return .needMore }
            guard byte == UInt8(ascii: ";") else { return .failed(.malformed("invalid chunk extension")) }
            state = .chunkExtension
            return .needMore
        case .chunkExtension:
            // Extensions are ignored, but only bytes a field value may hold are accepted, so no CR, LF or NUL.
            if byte == .cr {
                state = .sizeLF
            } else if !HTTPByteClass.isFieldValue(byte) {
                return .failed(.malformed(byte == .lf ? "bare LF" : "invalid chunk extension"))
            }
            return .needMore
        case .sizeLF:
            guard byte == .lf else { return .failed(.malformed("bare CR")) }
            return finishSizeLine()
        case .data, .dataCR, .dataLF:
            preconditionFailure("stepSizeLine outside a chunk-size line: state \(state)")
        }
    }

    private mutating func afterSize(_ byte: UInt8) -> Outcome {
        if byte == .cr {
            state = .sizeLF
        } else if byte == UInt8(ascii: ";") {
            state = .chunkExtension
        } else if HTTPByteClass.isWhitespace(byte) {
            state = .sizeWhitespace
        } else {
            return .failed(.malformed(byte == .lf ? "bare LF" : "invalid chunk size"))
        }
        return .needMore
    }

    /// Fails as soon as the size read so far would take the body past its limit: before any byte of the chunk is
    /// passed on, and long before the size could overflow, since it never exceeds the limit.
    private mutating func addDigit(_ digit: Int) -> Outcome {
        let budget = limitBytes - bodyBytes
        // chunkBytes * 16 + digit <= budget, rearranged so nothing can overflow; >> rounds towards -infinity.
        guard chunkBytes <= (budget - digit) >> 4 else { return .failed(.bodyTooLarge) }
        chunkBytes = chunkBytes * 16 + digit
        sawDigit = true
        return .needMore
    }

    private mutating func finishSizeLine() -> Outcome {
        guard chunkBytes > 0 else { return .lastChunk }
        bodyBytes += chunkBytes
        state = .data(remainingBytes: chunkBytes)
        return .needMore
    }

    private mutating func startLine() {
        state = .size
        chunkBytes = 0
        sawDigit = false
        lineBytes = 0
    }
}

// File-private so these short names cannot clash with other parsers in the module.
extension UInt8 {
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let lf = UInt8(ascii: "\n")
}
