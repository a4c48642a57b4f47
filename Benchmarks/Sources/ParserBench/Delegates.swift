import Net

/// Keeps a little of every head so the optimizer cannot drop the parsing, and counts completed requests.
struct CountingHTTPDelegate: HTTPParserDelegate {
    var requests = 0
    var checksum = 0

    mutating func head(_ head: HTTPRequestHead) -> HTTPHeadDecision {
        checksum &+= head.headers.count &+ head.target.utf8.count
        return .readBody(limitBytes: 1 << 20)
    }

    mutating func body(_ bytes: UnsafeRawBufferPointer) {
        checksum &+= bytes.count
    }

    mutating func end() {
        requests += 1
    }
}

struct CountingFrameDelegate: WebSocketFrameDelegate {
    var messages = 0
    var checksum = 0

    mutating func message(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        messages += 1
        checksum &+= payload.count &+ Int(payload[payload.count - 1])
    }

    mutating func ping(_ payload: UnsafeRawBufferPointer) {}
    mutating func pong(_ payload: UnsafeRawBufferPointer) {}
    mutating func close(code: UInt16?, reason: UnsafeRawBufferPointer) {}
}
