import Glibc
import Net

// Parser throughput and allocations, one JSON document on stdout. Each operation is one request (or frame): the
// "one per call" cases are what a connection sees when every read brings one request; the batched cases show
// the parser's own speed once the per-call overhead is spread over 64 pipelined requests.

func httpFigure(_ name: String, perCall: Int) -> Figure {
    let input = Workload.repeated(Workload.request, perCall)
    var parser = HTTPRequestParser(limits: HTTPLimits())
    var delegate = CountingHTTPDelegate()
    let figure = input.withUnsafeBytes { bytes in
        Measure.figure(name, bytesPerOperation: Workload.request.count) { n in
            for _ in 0..<(max(1, n / perCall)) {
                guard case .consumed(let used) = parser.parse(bytes, delegate: &delegate), used == bytes.count else {
                    fatalError("\(name): the request did not parse")
                }
            }
        }
    }
    precondition(delegate.requests > 0 && delegate.checksum != 0, "\(name): no request completed")
    return figure
}

func webSocketFigure(_ name: String, perCall: Int) -> Figure {
    let frame = Workload.maskedFrame()
    let input = Workload.repeated(frame, perCall)
    var parser = WebSocketFrameParser(limits: WebSocketLimits(), expectMasked: true)
    var delegate = CountingFrameDelegate()
    let figure = input.withUnsafeBytes { bytes in
        Measure.figure(name, bytesPerOperation: frame.count) { n in
            for _ in 0..<(max(1, n / perCall)) {
                guard case .consumed(let used) = parser.parse(bytes, delegate: &delegate), used == bytes.count else {
                    fatalError("\(name): the frame did not parse")
                }
            }
        }
    }
    precondition(delegate.messages > 0 && delegate.checksum != 0, "\(name): no message completed")
    return figure
}

/// A number with `places` decimals, for JSON (no Foundation here).
func fixed(_ x: Double, _ places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (x * scale).rounded()
    if places == 0 { return String(Int(scaled)) }
    let whole = Int(scaled) / Int(scale), fraction = abs(Int(scaled)) % Int(scale)
    let digits = String(fraction)
    return "\(scaled < 0 && whole == 0 ? "-" : "")\(whole).\(String(repeating: "0", count: places - digits.count))\(digits)"
}

func json(_ f: Figure) -> String {
    let allocations = f.allocationsPerOperation.map { fixed($0, 2) } ?? "null"
    let samples = f.samplesNs.map { fixed($0, 1) }.joined(separator: ",")
    return """
        {"name":"\(f.name)","bytes_per_op":\(f.bytesPerOperation),"ns_per_op":\(fixed(f.nanosecondsPerOperation, 1)),\
        "median_ns_per_op":\(fixed(f.medianNanosecondsPerOperation, 1)),\
        "mb_per_s":\(fixed(f.megabytesPerSecond, 1)),"ops_per_s":\(fixed(f.operationsPerSecond, 0)),\
        "allocations_per_op":\(allocations),"samples_ns_per_op":[\(samples)]}
        """
}

let figures = [
    httpFigure("http_request_1_per_call", perCall: 1),
    httpFigure("http_request_64_per_call", perCall: 64),
    webSocketFigure("ws_frame_1k_1_per_call", perCall: 1),
    webSocketFigure("ws_frame_1k_64_per_call", perCall: 64),
]
print("""
    {"benchmark":"parser","request_bytes":\(Workload.request.count),"frame_bytes":\(Workload.maskedFrame().count),\
    "allocations_counted":\(Measure.allocationsCounted),"figures":[\(figures.map(json).joined(separator: ","))]}
    """)
