/// A core NATS subscriber: waits for the server's `INFO`, sends `CONNECT`, `SUB` and a `PING`, is ready at the
/// `PONG` (the server handles a connection's commands in order, so the subscription exists by then), then records
/// every stamped `MSG` and answers the server's `PING`s, as a client must to stay connected.
struct NATSSubscriber: SubscriberMachine {
    typealias Context = PlainContext

    enum Phase: Sendable { case connecting, greeting, subscribing, open, closed }

    private(set) var phase = Phase.connecting
    private let command: [UInt8]
    private var stream = StreamBuffer(bytesMax: 1 << 20)
    private var outbound: [UInt8] = []

    /// `command` is `subscribeCommand(subject:)`, shared by every connection.
    init(command: [UInt8]) {
        self.command = command
    }

    static func subscribeCommand(subject: String) -> [UInt8] {
        var out = NATSFraming.connect
        NATSFraming.appendSubscribe(subject: subject, sid: 1, to: &out)
        out.append(contentsOf: "PING\r\n".utf8)
        return out
    }

    mutating func connected() -> SubscriberAction {
        switch phase {
        case .connecting:
            phase = .greeting
            return .wait
        case .greeting, .subscribing, .open, .closed:
            preconditionFailure("connected() in phase \(phase)")
        }
    }

    mutating func received(_ input: UnsafeRawBufferPointer, context: inout PlainContext) -> SubscriberAction {
        switch phase {
        case .connecting:
            preconditionFailure("bytes before the connection was up")
        case .closed:
            return .wait
        case .greeting, .subscribing, .open:
            var failure: String?
            var connection = Connection(phase: phase, command: command, outbound: outbound)
            outbound = []
            let kept = stream.feed(input) { bytes in
                connection.consume(bytes, recorder: &context.recorder, failure: &failure)
            }
            (phase, outbound) = (connection.phase, connection.outbound)
            if let failure { return fail(failure) }
            guard kept else { return fail("a NATS message longer than 1 MiB") }
            return outbound.isEmpty ? .wait : .write
        }
    }

    mutating func takeOutbound() -> [UInt8] {
        defer { outbound = [] }
        return outbound
    }

    private mutating func fail(_ reason: String) -> SubscriberAction {
        phase = .closed
        return .fail(reason)
    }
}

/// The part of a `NATSSubscriber` that reading changes, apart from its stream buffer, which is what is being read.
private struct Connection {
    var phase: NATSSubscriber.Phase
    let command: [UInt8]
    var outbound: [UInt8]

    /// Reads every complete operation in `bytes`; returns how many bytes they took.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, recorder: inout DeliveryRecorder,
                          failure: inout String?) -> Int {
        var at = 0
        while failure == nil {
            switch NATSFraming.parse(bytes, at: at) {
            case .needMore:
                return at
            case .invalid(let why):
                failure = "NATS stream: \(why)"
            case .op(let op, let end):
                at = end
                failure = handle(op, bytes, recorder: &recorder)
            }
        }
        return at
    }

    /// Performs one operation; returns why the connection must end, if it must.
    private mutating func handle(_ op: NATSFraming.Op, _ bytes: UnsafeRawBufferPointer,
                                 recorder: inout DeliveryRecorder) -> String? {
        switch op {
        case .info:
            if phase == .greeting {
                phase = .subscribing
                outbound.append(contentsOf: command)
            }
        case .pong:
            if phase == .subscribing {
                phase = .open
                recorder.ready += 1
            }
        case .ping:
            outbound.append(contentsOf: "PONG\r\n".utf8)
        case .msg(let range):
            let payload = UnsafeRawBufferPointer(rebasing: bytes[range])
            if let stamp = SendStamp.find(in: payload, hint: &recorder.stampHint) {
                recorder.delivered(stamp, payloadBytes: payload.count)
            } else {
                recorder.otherEvents += 1
            }
        case .ok:
            break
        case .err(let text):
            return "NATS -ERR\(text)"
        }
        return nil
    }
}
