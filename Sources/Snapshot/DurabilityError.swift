import Glibc

/// The one error type of the Snapshot module. Each case says what failed, where (file, offset, LSN) and,
/// for I/O, the errno, so an operator can act on the message alone.
public indirect enum DurabilityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A storage call failed with `errno` (never ENOSPC: that is `.diskFull`).
    case io(operation: String, path: String, errno: Int32)
    /// A storage call failed with ENOSPC.
    case diskFull(operation: String, path: String)
    /// The journal stopped acknowledging after `cause`; writes fail until a restart (or, for a full disk,
    /// until a probe write and fsync succeed). Reads of durable state keep working.
    case readOnly(cause: DurabilityError)
    /// `append` found more than `limit` bytes waiting for the writer; nothing was assigned an LSN.
    case overloaded(pendingBytes: Int, limit: Int)
    /// More than `limit` tasks are already waiting in `durable(_:)`.
    case tooManyWaiters(limit: Int)
    /// A record's payload exceeds `recordBytesMax`; it was rejected before an LSN was assigned.
    case recordTooLarge(bytes: Int, limit: Int)
    /// The engine has not been started, or it has been closed.
    case notStarted
    case closed
    /// A record in the middle of the journal failed its checks while later data is valid.
    case corruptJournal(segment: String, offset: Int64, lsn: LSN, reason: String)
    /// A segment header failed its checks.
    case corruptSegmentHeader(segment: String, reason: String)
    /// Records between `expected` and the first LSN of `segment` are missing.
    case journalGap(segment: String, expected: LSN, found: LSN)
    /// The journal starts after the records the snapshot needs.
    case missingJournal(needed: LSN, firstAvailable: LSN)
    /// A record kind that no registered component knows: written by a newer binary.
    case unknownRecordKind(kind: UInt16, lsn: LSN, segment: String)
    /// A file written in a format version this binary does not read.
    case unsupportedVersion(file: String, version: UInt32, supported: UInt32)
    /// A segment or snapshot belongs to another data directory (or another restore lineage).
    case epochMismatch(file: String, expected: UInt64, found: UInt64)
    /// A snapshot file failed its checks.
    case corruptSnapshot(file: String, offset: Int64, reason: String)
    /// A component's snapshot section could not be restored (unknown section, short read, leftover bytes).
    case snapshotSection(component: String, reason: String)
    /// Another snapshot is being written.
    case snapshotInProgress
    /// `start` was given components that clash, or components were registered too late.
    case registration(reason: String)
    /// The configuration cannot work (for example a record limit larger than a segment).
    case invalidConfiguration(reason: String)
    /// A point-in-time restore cannot reach its target.
    case restoreTarget(reason: String)

    /// True when the cause is a full disk, which the engine leaves by itself once space returns.
    public var isDiskFull: Bool {
        switch self {
        case .diskFull: return true
        case .readOnly(let cause): return cause.isDiskFull
        case .io, .overloaded, .tooManyWaiters, .recordTooLarge, .notStarted, .closed, .corruptJournal,
             .corruptSegmentHeader, .journalGap, .missingJournal, .unknownRecordKind, .unsupportedVersion,
             .epochMismatch, .corruptSnapshot, .snapshotSection, .snapshotInProgress, .registration,
             .invalidConfiguration, .restoreTarget:
            return false
        }
    }

    public var description: String {
        switch self {
        case .io(let op, let path, let e): return "\(op) \(path): \(Self.errnoName(e))"
        case .diskFull(let op, let path): return "disk full: \(op) \(path) failed with ENOSPC"
        case .readOnly(let cause): return "journal is read-only: \(cause)"
        case .overloaded(let pending, let limit):
            return "journal overloaded: \(pending) bytes waiting for the writer (limit \(limit))"
        case .tooManyWaiters(let limit): return "more than \(limit) tasks waiting for durability"
        case .recordTooLarge(let bytes, let limit): return "record payload of \(bytes) bytes exceeds \(limit)"
        case .notStarted: return "the durability engine is not started"
        case .closed: return "the durability engine is closed"
        case .corruptJournal(let seg, let off, let lsn, let why):
            return "corrupt journal: segment \(seg) offset \(off) (LSN \(lsn)): \(why); later records are valid,"
                + " so start-up stops (pass the accept-data-loss flag to drop LSN \(lsn) and everything after)"
        case .corruptSegmentHeader(let seg, let why): return "corrupt segment header in \(seg): \(why)"
        case .journalGap(let seg, let expected, let found):
            return "journal gap: expected LSN \(expected) but segment \(seg) starts at \(found)"
        case .missingJournal(let needed, let first):
            return "journal starts at LSN \(first) but recovery needs LSN \(needed) onwards"
        case .unknownRecordKind(let kind, let lsn, let seg):
            return "record kind \(kind) at LSN \(lsn) in \(seg) is unknown to this binary:"
                + " the journal was written by a newer version; upgrade before starting"
        case .unsupportedVersion(let file, let v, let supported):
            return "\(file) has format version \(v); this binary reads version \(supported)"
        case .epochMismatch(let file, let expected, let found):
            return "\(file) has epoch \(String(found, radix: 16)), expected \(String(expected, radix: 16)):"
                + " it belongs to another data directory"
        case .corruptSnapshot(let file, let off, let why): return "corrupt snapshot \(file) at offset \(off): \(why)"
        case .snapshotSection(let c, let why): return "snapshot section \"\(c)\": \(why)"
        case .snapshotInProgress: return "a snapshot is already being written"
        case .registration(let why): return "component registration: \(why)"
        case .invalidConfiguration(let why): return "invalid durability configuration: \(why)"
        case .restoreTarget(let why): return "restore: \(why)"
        }
    }

    /// Maps an errno from a storage call to `.diskFull` or `.io`.
    static func storage(_ operation: String, _ path: String, _ code: Int32) -> DurabilityError {
        code == ENOSPC ? .diskFull(operation: operation, path: path) : .io(operation: operation, path: path, errno: code)
    }

    static func errnoName(_ code: Int32) -> String {
        let name: String
        switch code {
        case EIO: name = "EIO"
        case ENOSPC: name = "ENOSPC"
        case ENOENT: name = "ENOENT"
        case EEXIST: name = "EEXIST"
        case EACCES: name = "EACCES"
        case EROFS: name = "EROFS"
        case EDQUOT: name = "EDQUOT"
        default: name = "errno \(code)"
        }
        return "\(name) (\(String(cString: strerror(code))))"
    }
}
