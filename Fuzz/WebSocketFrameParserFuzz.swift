// libFuzzer target for WebSocketFrameParser and UTF8Validator.
//
// Compiled into one module with all of Sources/Net (hence no `import Net`), e.g.
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -g -I Sources/CShims \
//       Fuzz/WebSocketFrameParserFuzz.swift $(find Sources/Net -name '*.swift') -o .build/fuzz-ws
//   .build/fuzz-ws -max_total_time=30 -max_len=4096 <corpus dir>
//
// The first input byte picks the configuration and how the rest is split into `parse` calls; the rest is
// the byte stream. Any disagreement between whole and split parsing, or anything delivered that the
// protocol forbids, traps, which libFuzzer reports as a crash with the input that caused it.

/// Records what the parser delivers, checking each delivery against the protocol as it arrives.
struct FuzzRecordingDelegate: WebSocketFrameDelegate {
    let messageBytesMax: Int
    var events: [[UInt8]] = []
    var closed = false

    mutating func message(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        precondition(!closed, "message after close")
        precondition(opcode == .text || opcode == .binary, "message with opcode \(opcode)")
        precondition(payload.count <= messageBytesMax, "message of \(payload.count) bytes")
        if opcode == .text {
            precondition(String(validating: Array(payload), as: UTF8.self) != nil, "invalid UTF-8 text delivered")
        }
        events.append([opcode.rawValue] + Array(payload))
    }

    mutating func ping(_ payload: UnsafeRawBufferPointer) { control(9, payload) }
    mutating func pong(_ payload: UnsafeRawBufferPointer) { control(10, payload) }

    mutating func close(code: UInt16?, reason: UnsafeRawBufferPointer) {
        if let code { precondition(WebSocketCloseCode.isValidOnWire(code), "close code \(code) delivered") }
        precondition(String(validating: Array(reason), as: UTF8.self) != nil, "invalid UTF-8 close reason")
        control(8, reason)
        closed = true
    }

    private mutating func control(_ opcode: UInt8, _ payload: UnsafeRawBufferPointer) {
        precondition(!closed, "control frame after close")
        precondition(payload.count <= 125, "control payload of \(payload.count) bytes")
        events.append([opcode] + Array(payload))
    }
}

/// Parses `stream` in pieces of the given lengths (cycled), each copied to its own allocation so that the
/// address sanitizer catches a read past a piece.
func fuzzParse(_ stream: [UInt8], pieces: [Int], limits: WebSocketLimits, expectMasked: Bool)
    -> ([[UInt8]], WebSocketParseResult)
{
    var parser = WebSocketFrameParser(limits: limits, expectMasked: expectMasked)
    var delegate = FuzzRecordingDelegate(messageBytesMax: limits.messageBytesMax)
    var offset = 0
    var failure: WebSocketParseResult?
    var pieceIndex = 0
    while offset < stream.count {
        let length = min(pieces[pieceIndex % pieces.count], stream.count - offset)
        pieceIndex += 1
        let piece = Array(stream[offset..<(offset + length)])
        offset += length
        let result = piece.withUnsafeBytes { parser.parse($0, delegate: &delegate) }
        precondition(parser.bufferedBytes <= limits.messageBytesMax + 125 + 14, "buffered \(parser.bufferedBytes)")
        switch result {
        case .consumed(let count):
            precondition(failure == nil && count == length, "consumed \(count) of \(length) after \(String(describing: failure))")
        case .failed:
            precondition(failure == nil || failure == result, "failure changed from \(String(describing: failure)) to \(result)")
            failure = result
        }
    }
    return (delegate.events, failure ?? .consumed(stream.count))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func webSocketFrameParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let config = data[0]
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    var limits = WebSocketLimits()
    limits.messageBytesMax = config & 0x01 == 0 ? 8192 : 64  // the small limit makes 1009 reachable by short inputs
    limits.framePayloadBytesMax = config & 0x02 == 0 ? nil : 32
    let expectMasked = config & 0x04 == 0
    let splitPatterns: [[Int]] = [[1], [2, 1], [3, 7, 1], [5], [13, 1, 2], [64, 3], [1, 1, 9]]
    let pieces = splitPatterns[Int(config >> 3) % splitPatterns.count]

    let whole = fuzzParse(stream, pieces: [max(stream.count, 1)], limits: limits, expectMasked: expectMasked)
    let split = fuzzParse(stream, pieces: pieces, limits: limits, expectMasked: expectMasked)
    precondition(whole.1 == split.1, "whole \(whole.1) but split \(split.1)")
    precondition(whole.0 == split.0, "whole and split delivered different events")

    // The validator must agree with Swift's decoder on arbitrary bytes, fed whole and in the same pieces.
    let expected = String(validating: stream, as: UTF8.self) != nil
    var validator = UTF8Validator()
    let fedWhole = stream.withUnsafeBytes { validator.feed($0) } && validator.isComplete
    precondition(fedWhole == expected, "UTF8Validator says \(fedWhole), Swift says \(expected)")
    precondition(fuzzValidate(stream, pieces: pieces) == expected, "UTF8Validator fed in pieces disagrees")
    return 0
}

func fuzzValidate(_ bytes: [UInt8], pieces: [Int]) -> Bool {
    var validator = UTF8Validator()
    var offset = 0
    var pieceIndex = 0
    while offset < bytes.count {
        let length = min(pieces[pieceIndex % pieces.count], bytes.count - offset)
        pieceIndex += 1
        let piece = Array(bytes[offset..<(offset + length)])
        offset += length
        if !piece.withUnsafeBytes({ validator.feed($0) }) { return false }
    }
    return validator.isComplete
}
