@testable import ParleyLoad

/// Splits a byte stream the three ways the house style asks parsers to be fed (DESIGN.md §7): all at once, byte by
/// byte, and in random pieces from a seed that failures print.
enum Feeding: CustomStringConvertible {
    case whole
    case byteByByte
    case random(seed: UInt64)

    static let all: [Feeding] = [.whole, .byteByByte] + (1...8).map { .random(seed: 0xFA70_0000 + $0) }

    var description: String {
        switch self {
        case .whole: "whole"
        case .byteByByte: "byte by byte"
        case .random(let seed): "random splits, seed \(seed)"
        }
    }

    func pieces(_ bytes: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole:
            return [bytes]
        case .byteByByte:
            return bytes.map { [$0] }
        case .random(let seed):
            var rng = SplitMix64(state: seed)
            var out: [[UInt8]] = []
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, Int.random(in: 1...97, using: &rng))
                out.append(Array(bytes[at..<(at + n)]))
                at += n
            }
            return out
        }
    }
}
