/// A Redis pub/sub subscriber: sends `SUBSCRIBE <channel>`, is ready at the confirmation, then records every
/// stamped `message`.
struct RedisSubscriber: SubscriberMachine {
    typealias Context = PlainContext

    enum Phase: Sendable { case connecting, subscribing, open, closed }

    private(set) var phase = Phase.connecting
    private let command: [UInt8]
    private var stream = StreamBuffer(bytesMax: 1 << 20)
    private var outbound: [UInt8] = []

    /// `command` is `subscribeCommand(channel:)`, shared by every connection.
    init(command: [UInt8]) {
        self.command = command
    }

    static func subscribeCommand(channel: String) -> [UInt8] {
        var out: [UInt8] = []
        RESPFraming.appendCommand([Array("SUBSCRIBE".utf8), Array(channel.utf8)], to: &out)
        return out
    }

    mutating func connected() -> SubscriberAction {
        switch phase {
        case .connecting:
            phase = .subscribing
            outbound = command
            return .write
        case .subscribing, .open, .closed:
            preconditionFailure("connected() in phase \(phase)")
        }
    }

    mutating func received(_ input: UnsafeRawBufferPointer, context: inout PlainContext) -> SubscriberAction {
        switch phase {
        case .connecting:
            preconditionFailure("bytes before the connection was up")
        case .closed:
            return .wait
        case .subscribing, .open:
            var failure: String?
            var phase = self.phase
            let kept = stream.feed(input) { bytes in
                Self.consume(bytes, phase: &phase, recorder: &context.recorder, failure: &failure)
            }
            self.phase = phase
            if let failure { return fail(failure) }
            return kept ? .wait : fail("a Redis push longer than 1 MiB")
        }
    }

    /// Reads every complete push in `bytes`; returns how many bytes they took.
    private static func consume(_ bytes: UnsafeRawBufferPointer, phase: inout Phase, recorder: inout DeliveryRecorder,
                                failure: inout String?) -> Int {
        var at = 0
        while true {
            switch RESPFraming.parsePush(bytes, at: at) {
            case .needMore:
                return at
            case .invalid(let why):
                failure = "Redis stream: \(why)"
                return at
            case .push(let kind, let payload, let end):
                at = end
                record(kind, payload.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }, phase: &phase, recorder: &recorder)
            }
        }
    }

    private static func record(_ kind: RESPFraming.PushKind, _ payload: UnsafeRawBufferPointer?, phase: inout Phase,
                               recorder: inout DeliveryRecorder) {
        switch kind {
        case .subscribe:
            if phase == .subscribing {
                phase = .open
                recorder.ready += 1
            }
        case .message:
            if let payload, let stamp = SendStamp.find(in: payload, hint: &recorder.stampHint) {
                recorder.delivered(stamp, payloadBytes: payload.count)
            } else {
                recorder.otherEvents += 1
            }
        case .other:
            recorder.otherEvents += 1
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
