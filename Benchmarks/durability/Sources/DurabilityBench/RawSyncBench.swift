import Glibc

/// The peer the engine is measured against: a plain loop on the same disk that does what the journal does
/// at its best — one pwrite of a whole batch of encoded records into a preallocated, zero-filled file, then
/// one fdatasync (durable), or an fdatasync at most every `syncIntervalMillis` (relaxed) — with no threads,
/// no waiters, no checksums.
struct RawSyncBench {
    struct Result: Codable {
        let recordsPerBatch: Int
        let recordBytes: Int
        let syncIntervalMillis: Int?
        let records: UInt64
        let seconds: Double
        let recordsPerSecond: Double
        let payloadMBPerSecond: Double
        let syncs: UInt64
    }

    static let fileBytes = 64 << 20

    let options: BenchOptions

    func run(payloadBytes: Int, recordsPerBatch: Int, syncIntervalMillis: Int?) throws -> Result {
        let path = options.workDirectory + "/raw.seg"
        let fd = try prepare(path)
        defer {
            close(fd)
            unlink(path)
        }
        let recordBytes = BenchSupport.recordBytes(payload: payloadBytes)
        let batch = [UInt8](repeating: 0xA5, count: recordBytes * recordsPerBatch)
        var offset = 0
        var records: UInt64 = 0
        var syncs: UInt64 = 0
        let started = BenchSupport.now()
        var lastSync = started
        var now = started
        while now - started < options.seconds {
            if offset + batch.count > Self.fileBytes { offset = 0 }
            let written = batch.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard written == batch.count else { throw RawError(what: "pwrite", code: errno) }
            offset += batch.count
            records += UInt64(recordsPerBatch)
            now = BenchSupport.now()
            if syncIntervalMillis.map({ (now - lastSync) * 1000 >= Double($0) }) ?? true {
                guard fdatasync(fd) == 0 else { throw RawError(what: "fdatasync", code: errno) }
                syncs += 1
                lastSync = now
                now = BenchSupport.now()
            }
        }
        let seconds = now - started
        return Result(recordsPerBatch: recordsPerBatch, recordBytes: recordBytes, syncIntervalMillis: syncIntervalMillis,
                      records: records, seconds: seconds, recordsPerSecond: Double(records) / seconds,
                      payloadMBPerSecond: Double(records) * Double(payloadBytes) / seconds / 1e6, syncs: syncs)
    }

    /// A zero-filled, fsynced file, as the journal's preparer makes each segment.
    private func prepare(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RawError(what: "open", code: errno) }
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for chunk in 0..<(Self.fileBytes >> 20) {
            _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(chunk << 20)) }
        }
        guard fsync(fd) == 0 else { throw RawError(what: "fsync", code: errno) }
        return fd
    }

    struct RawError: Error {
        let what: String
        let code: Int32
    }
}
