/// Prepares the next journal segment ahead of use: creates `prepared.seg.tmp`, zero-fills it to the segment
/// size and fsyncs it, so that appends into it change no extents and each batch's fdatasync has no metadata
/// to journal. Runs on its own thread (`background`), or inline for restore and recovery.
final class SegmentPreparer: @unchecked Sendable {
    enum Phase {
        case idle
        case requested
        case preparing
        case ready(StorageFile)
        case failed(WriteFailure)
        case stopped
    }

    let storage: any Storage
    let path: String
    let segmentBytes: Int64
    private let lock = ConditionLock()
    private var phase: Phase = .idle  // guarded by lock
    private var thread: DurabilityThread?

    init(storage: any Storage, journalDirectory: String, segmentBytes: Int) {
        self.storage = storage
        self.path = StoragePath.join(journalDirectory, SegmentName.preparedName)
        self.segmentBytes = Int64(segmentBytes)
    }

    /// Starts the background thread, which prepares a segment whenever one is requested.
    func startBackground() {
        thread = DurabilityThread(name: "parley-prealloc") { [self] in run() }
    }

    func stop() {
        lock.withLock {
            if case .ready(let file) = phase { storage.close(file) }
            phase = .stopped
        }
        lock.broadcast()
        thread?.join()
        thread = nil
    }

    /// Whether a prepared segment is waiting to be taken (tests wait for it, to count storage calls exactly).
    var isReady: Bool {
        lock.withLock {
            if case .ready = phase { return true }
            return false
        }
    }

    /// Asks for the next segment to be prepared in the background (no effect when one is ready or coming).
    func request() {
        lock.withLock {
            if case .idle = phase { phase = .requested }
        }
        lock.broadcast()
    }

    /// Returns the prepared file, waiting for (or, without a thread, doing) the preparation. After a
    /// failure the next call tries again.
    func take() throws(WriteFailure) -> StorageFile {
        if thread == nil { return try prepare() }
        request()
        let outcome: Result<StorageFile, WriteFailure> = lock.withLock {
            while true {
                switch phase {
                case .ready(let file):
                    phase = .idle
                    return .success(file)
                case .failed(let failure):
                    phase = .idle
                    return .failure(failure)
                case .stopped:
                    return .failure(.permanent(.closed))
                case .idle, .requested, .preparing:
                    lock.wait(nanos: nil)
                }
            }
        }
        return try outcome.get()
    }

    private func run() {
        while true {
            let go: Bool = lock.withLock {
                while true {
                    switch phase {
                    case .requested:
                        phase = .preparing
                        return true
                    case .stopped:
                        return false
                    case .idle, .preparing, .ready, .failed:
                        lock.wait(nanos: nil)
                    }
                }
            }
            guard go else { return }
            let result = Result { () throws(WriteFailure) -> StorageFile in try prepare() }
            lock.withLock {
                if case .stopped = phase {
                    if case .success(let file) = result { storage.close(file) }
                    return
                }
                switch result {
                case .success(let file): phase = .ready(file)
                case .failure(let failure): phase = .failed(failure)
                }
            }
            lock.broadcast()
        }
    }

    /// Creates and zero-fills the file. A full disk is retryable; the half-made file is removed so it does
    /// not hold the space a probe needs.
    private func prepare() throws(WriteFailure) -> StorageFile {
        if storage.exists(path) { try? storage.remove(path) }
        let file: StorageFile
        do {
            file = try storage.open(path, create: true)
        } catch {
            throw WriteFailure.fromWrite(error)
        }
        do {
            try storage.zeroFill(file, offset: 0, length: segmentBytes)
        } catch {
            storage.close(file)
            try? storage.remove(path)
            throw WriteFailure.fromWrite(error)
        }
        do {
            try storage.fsync(file)
        } catch {
            storage.close(file)
            try? storage.remove(path)
            throw WriteFailure.fromSync(error)
        }
        return file
    }
}
