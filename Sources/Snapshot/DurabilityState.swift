/// What the journal can do right now; Server maps it to answers (503 for writes when not `.writable`).
public enum DurabilityState: Sendable, Equatable, CustomStringConvertible {
    /// Created, not yet recovered and started.
    case starting
    /// Appends are accepted and acknowledged per the policy.
    case writable
    /// A write or sync failed: nothing more is acknowledged until a restart. Reads of durable state work.
    case readOnly(DurabilityError)
    /// Out of space: read-only until a probe write and fsync succeed, then `.writable` again by itself.
    case diskFull(DurabilityError)
    case closed

    public var description: String {
        switch self {
        case .starting: return "starting"
        case .writable: return "writable"
        case .readOnly(let e): return "read-only (\(e))"
        case .diskFull(let e): return "read-only, disk full (\(e))"
        case .closed: return "closed"
        }
    }
}
