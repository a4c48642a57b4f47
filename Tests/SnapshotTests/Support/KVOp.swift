import Snapshot

/// The operations of the test components: a key-value store whose records carry filler bytes so that
/// records vary in size and straddle sectors.
enum KVOp: Equatable, Sendable {
    case set(key: UInt64, value: UInt64, filler: Int)
    case delete(key: UInt64)
    case add(key: UInt64, delta: UInt64)

    static let kinds: Set<UInt16> = [1, 2, 3]

    var kind: UInt16 {
        switch self {
        case .set: return 1
        case .delete: return 2
        case .add: return 3
        }
    }

    var key: UInt64 {
        switch self {
        case .set(let k, _, _), .delete(let k), .add(let k, _): return k
        }
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        switch self {
        case .set(let k, let v, let filler):
            put(k)
            put(v)
            for i in 0..<filler { out.append(UInt8(truncatingIfNeeded: (k &+ UInt64(i)) &* 31 | 1)) }
        case .delete(let k):
            put(k)
        case .add(let k, let d):
            put(k)
            put(d)
        }
        return out
    }

    static func decode(_ entry: JournalEntry) -> KVOp? {
        let p = entry.payload
        func get(_ at: Int) -> UInt64? {
            guard p.count >= at + 8 else { return nil }
            return p[at..<(at + 8)].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        switch entry.kind {
        case 1:
            guard let k = get(0), let v = get(8) else { return nil }
            return .set(key: k, value: v, filler: p.count - 16)
        case 2:
            return get(0).map { .delete(key: $0) }
        case 3:
            guard let k = get(0), let d = get(8) else { return nil }
            return .add(key: k, delta: d)
        default:
            return nil
        }
    }

    static func random(_ rng: inout SeededRandom, keys: UInt64 = 16, fillerMax: Int = 300) -> KVOp {
        let key = UInt64.random(in: 0..<keys, using: &rng)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .delete(key: key)
        case 1...3: return .add(key: key, delta: UInt64.random(in: 1...1000, using: &rng))
        default: return .set(key: key, value: rng.next(), filler: Int.random(in: 0...fillerMax, using: &rng))
        }
    }
}

/// The state the operations build; the model every recovered state is compared with.
struct KVState: Equatable, Sendable {
    var values: [UInt64: UInt64] = [:]

    mutating func apply(_ op: KVOp) {
        switch op {
        case .set(let k, let v, _): values[k] = v
        case .delete(let k): values[k] = nil
        case .add(let k, let d): values[k, default: 0] &+= d
        }
    }

    static func model(_ ops: some Sequence<KVOp>) -> KVState {
        var s = KVState()
        for op in ops { s.apply(op) }
        return s
    }

    func write(_ w: inout SnapshotWriter) throws {
        try w.write(UInt64(values.count))
        for (k, v) in values.sorted(by: { $0.key < $1.key }) {
            try w.write(k)
            try w.write(v)
        }
    }

    static func read(_ r: inout SnapshotReader) throws -> KVState {
        var s = KVState()
        let n = try r.read(UInt64.self)
        for _ in 0..<n { s.values[try r.read(UInt64.self)] = try r.read(UInt64.self) }
        return s
    }
}
