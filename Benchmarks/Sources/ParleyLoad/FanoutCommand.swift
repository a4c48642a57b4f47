import ArgumentParser
import Foundation
import Glibc

/// `parley-load fanout`: posts to one channel fanned out to S WebSocket subscribers, then the same shape against
/// Redis pub/sub and NATS in the same run, each with deliveries/s, latency, losses and the servers' CPU and memory.
struct FanoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Fan posts out to S WebSocket subscribers of one channel, then the same shape on Redis pub/sub and NATS.")

    @Option(help: "WebSocket subscribers of the channel (connections).") var subscribers = 1000
    @Option(help: "Users the subscribers are spread over (default: min(subscribers, 20)).") var users: Int?
    @Option(help: "Posts to publish.") var posts = 2000
    @Option(help: "Posts per second at a fixed rate, for latency; 0: pipelined, for throughput.") var rate = 0.0
    @Option(help: "Unanswered posts at most (pipelined mode; also the bound at a fixed rate).") var pipeline = 64
    @Option(name: .customLong("message-bytes"), help: "Bytes of each post's message.") var messageBytes = 100
    @OptionGroup var parley: ParleyTargetOptions
    @OptionGroup var peers: PeerOptions
    @Option(name: .customLong("peer-payload-bytes"), help: "Peer payload size (default: Parley's median posted frame).")
    var peerPayloadBytes: Int?
    @Option(help: "Write the report as JSON here.") var json: String?
    @Option(help: "A label for the report.") var label: String?
    @Option(help: "Subscriber threads (epoll loops).") var threads = 2
    @Option(help: "Keep-alive connections for REST and publishing.") var connections = 4
    @Option(name: .customLong("drain-seconds"), help: "Give up on deliveries after this long without one.") var drainSeconds = 10.0
    @Option(name: .customLong("connect-seconds"), help: "Give up connecting subscribers after this long (default: 30 + S/500).")
    var connectSeconds: Double?
    @Option(name: .customLong("source-addresses"),
            help: "Connect from this many 127.0.0.x addresses (default: more than one only past 25,000 ports).")
    var sourceAddresses: Int?

    func validate() throws {
        guard subscribers > 0, posts > 0, pipeline > 0, threads > 0, connections > 0, drainSeconds > 0 else {
            throw ValidationError("subscribers, posts, pipeline, threads, connections and drain-seconds must be positive")
        }
        try ParleyTarget.checkDescriptors(subscribers, "subscribers", restConnections: connections)
        guard (users ?? 1) > 0, rate >= 0, messageBytes >= 32, messageBytes <= 16_000 else {
            throw ValidationError("users must be positive, rate 0 or more, message-bytes 32 to 16,000")
        }
        if let p = peerPayloadBytes, p < 64 { throw ValidationError("--peer-payload-bytes must be at least 64") }
    }

    var shape: FanoutShape {
        FanoutShape(subscribers: subscribers, users: min(users ?? min(subscribers, 20), subscribers), posts: posts,
                    ratePerSecond: rate, pipeline: pipeline, messageBytes: messageBytes, subscriberThreads: threads,
                    publishConnections: connections, drainSeconds: drainSeconds,
                    connectSeconds: connectSeconds ?? 30 + Double(subscribers) / 500)
    }

    var sources: [UInt32?] { SourceAddresses.forConnections(subscribers + connections, count: sourceAddresses) }

    func run() throws {
        try Scenario.run(json: json) { work in
            var session = try FanoutSession(command: self, work: work)
            defer { session.stopServers() }
            return try session.run()
        }
    }
}
