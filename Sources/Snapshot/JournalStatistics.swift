/// Counters the writer keeps, for tests and the CLI.
public struct JournalStatistics: Sendable, Equatable {
    public var batches: UInt64 = 0
    public var syncs: UInt64 = 0
    public var bytesWritten: UInt64 = 0
}
