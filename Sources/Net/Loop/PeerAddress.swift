import CShims
import Glibc

/// A connection's peer address as a compact key (family + 16 address bytes), for per-address limits.
struct PeerAddress: Hashable {
    var family: UInt8
    var high: UInt64
    var low: UInt64

    static let unknown = PeerAddress(family: 0, high: 0, low: 0)

    /// Loopback peers (127.0.0.0/8, ::1, ::ffff:127.x) are usually a reverse proxy speaking for many users.
    var isLoopback: Bool {
        switch family {
        case 4: return (low >> 24) & 0xFF == 127
        case 6: return (high == 0 && low == 1) || (high == 0 && (low >> 32) == 0xFFFF && (low >> 24) & 0xFF == 127)
        default: return false
        }
    }

    /// Reads the peer of `fd` with getpeername(2); also returns it as text.
    static func of(_ fd: Int32) -> (PeerAddress, String) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
        guard ok else { return (.unknown, "unknown") }
        let text = SocketAddress(storage: storage).host
        switch Int32(storage.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: &storage) { $0.load(fromByteOffset: 4, as: UInt32.self) }
            return (PeerAddress(family: 4, high: 0, low: UInt64(UInt32(bigEndian: v4))), text)
        case AF_INET6:
            let (h, l) = withUnsafeBytes(of: &storage) {
                (UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                 UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            }
            return (PeerAddress(family: 6, high: h, low: l), text)
        default:
            return (.unknown, text)
        }
    }
}
