/// Local addresses to connect from: the kernel's choice, or 127.0.0.2, .3, ... when one address's ephemeral ports
/// (about 28,000 here) could run short. Connections are bound with `IP_BIND_ADDRESS_NO_PORT` (`TCPSocket`).
enum SourceAddresses {
    /// One more address per 20,000 connections past 25,000, or `count` when given; `[nil]` for the kernel's choice.
    static func forConnections(_ needed: Int, count: Int?) -> [UInt32?] {
        let n = count ?? (needed > 25_000 ? (needed + 19_999) / 20_000 : 1)
        guard n > 1 else { return [nil] }
        return (0..<n).map { UInt32(0x7F00_0002 + $0).bigEndian }
    }
}
