/// One `parley-load fanout` run: its shape, each system's result and the ratios of deliveries/s.
struct FanoutReport: JSONReport, Sendable {
    var label: String?
    var date: String
    var shape: FanoutShape
    var server: String
    /// The journal policy when the tool started Parley; nil for `--server`.
    var durability: String?
    var peerPayloadBytes: Int?
    /// `measured` (the median `posted` frame payload), `option` or `estimate` (nothing was delivered).
    var peerPayloadSource: String?
    var parley: SystemResult?
    var redis: SystemResult?
    /// Parley's deliveries/s over Redis's.
    var ratio: Double?
    var nats: SystemResult?
    /// Parley's deliveries/s over NATS's.
    var natsRatio: Double?
    var notes: [String]
}
