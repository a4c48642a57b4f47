import CShims
import DequeModule
import Dispatch
import Glibc
import Synchronization

/// Reads file bodies off the loop threads (disk reads never run on a loop). A loop asks for a file response to
/// start, then for each next chunk only once the previous one has been handed to the kernel, so a slow client
/// holds at most one chunk in memory: back-pressure all the way to the disk.
final class FileReader: Sendable {
    struct Start: Sendable {
        var mailbox: LoopMailbox
        var slot: UInt32
        var generation: UInt32
        var sequence: UInt32
        var response: HTTPResponse
        var path: String
        var offset: Int64
        var length: Int64
        var request: RequestInfo
        var keepAlive: Bool
        var date: String
    }

    enum Job: Sendable {
        case start(UInt64, Start)
        case next(UInt64)
        case cancel(UInt64)
        case stop
    }

    /// One file being sent; reader thread only.
    private struct Stream {
        var fd: Int32
        var position: Int64
        var remaining: Int64
        var start: Start
    }

    private let jobs = Mutex(Deque<Job>())
    private let signal = DispatchSemaphore(value: 0)
    private let nextID = Atomic<UInt64>(1)
    /// Chunks read from disk so far, for back-pressure tests.
    let chunksRead = Atomic<Int>(0)
    let chunkBytes: Int
    let jobsMax: Int
    private let thread = Mutex<LoopThread?>(nil)

    init(chunkBytes: Int = 64 << 10, jobsMax: Int = 1 << 16) {
        self.chunkBytes = chunkBytes
        self.jobsMax = jobsMax
        let t = LoopThread(name: "parley-files") { [self] in self.run() }
        thread.withLock { $0 = t }
    }

    func stop() {
        push(.stop, force: true)
        thread.withLock { $0?.join(); $0 = nil }
    }

    /// Starts a file response; nil when the reader's queue is full (the caller answers 503).
    func start(_ s: Start) -> UInt64? {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        return push(.start(id, s), force: false) ? id : nil
    }

    func next(_ id: UInt64) { push(.next(id), force: true) }
    func cancel(_ id: UInt64) { push(.cancel(id), force: true) }

    @discardableResult
    private func push(_ job: Job, force: Bool) -> Bool {
        let ok = jobs.withLock { q -> Bool in
            guard force || q.count < jobsMax else { return false }
            q.append(job)
            return true
        }
        if ok { signal.signal() }
        return ok
    }

    private func run() {
        var streams: [UInt64: Stream] = [:]
        while true {
            signal.wait()
            guard let job = jobs.withLock({ $0.popFirst() }) else { continue }
            switch job {
            case .stop:
                for s in streams.values { _ = close(s.fd) }
                return
            case let .start(id, s):
                if let stream = open(id, s) { streams[id] = stream; readChunk(id, &streams) }
            case .next(let id):
                readChunk(id, &streams)
            case .cancel(let id):
                if let s = streams.removeValue(forKey: id) { _ = close(s.fd) }
            }
        }
    }

    /// Opens the file and sends the head (with 304/206/416 decided here, where the size is known).
    private func open(_ id: UInt64, _ s: Start) -> Stream? {
        let fd = Glibc.open(s.path, O_RDONLY | O_CLOEXEC)
        var st = stat()
        guard fd >= 0, fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            if fd >= 0 { _ = close(fd) }
            post(s, id: id, FileChunk(bytes: [], isLast: true, failureStatus: errno == ENOENT ? 404 : 500))
            return nil
        }
        let size = Int64(st.st_size)
        let start = min(max(0, s.offset), size)
        let total = min(s.length < 0 ? size - start : s.length, size - start)
        var r = s.response
        if r.headers["etag"] == nil {
            r.headers.add(name: "ETag", value: "\"\(String(st.st_mtim.tv_sec, radix: 16))-\(String(total, radix: 16))\"")
        }
        r.headers.replaceOrAdd(name: "Accept-Ranges", value: "bytes")
        var range = (offset: Int64(0), length: total)
        if let head = s.request.requestHead {
            switch ResponseWriter.conditionalOutcome(r, head: head, total: total) {
            case .full: break
            case .notModified: r.status = 304; range.length = 0
            case let .partial(offset, length):
                r.status = 206
                r.headers.replaceOrAdd(name: "Content-Range", value: "bytes \(offset)-\(offset + length - 1)/\(total)")
                range = (offset, length)
            case .unsatisfiable:
                r.status = 416
                r.headers.replaceOrAdd(name: "Content-Range", value: "bytes */\(total)")
                range.length = 0
            }
        }
        var head: [UInt8] = []
        let bodyless = r.status == 304 || r.status == 204
        HTTPResponseEncoder.encodeHead(r, contentLength: bodyless ? nil : range.length, chunked: false,
                                       keepAlive: s.keepAlive, date: s.date, into: &head)
        let remaining = s.request.isHead || bodyless ? 0 : range.length
        post(s, id: id, FileChunk(bytes: head, isLast: remaining == 0, failureStatus: nil))
        guard remaining > 0 else {
            _ = close(fd)
            return nil
        }
        return Stream(fd: fd, position: start + range.offset, remaining: remaining, start: s)
    }

    private func readChunk(_ id: UInt64, _ streams: inout [UInt64: Stream]) {
        guard var s = streams[id] else { return }
        let want = Int(min(Int64(chunkBytes), s.remaining))
        var bytes = [UInt8](repeating: 0, count: want)
        let n = bytes.withUnsafeMutableBytes { pread(s.fd, $0.baseAddress!, want, off_t(s.position)) }
        if n <= 0 {
            // The file shrank or failed under us after the head went out: the connection must close, since the
            // promised length cannot be delivered.
            _ = close(s.fd)
            streams[id] = nil
            post(s.start, id: id, FileChunk(bytes: [], isLast: true, failureStatus: -1))
            return
        }
        if n < want { bytes.removeLast(want - n) }
        chunksRead.add(1, ordering: .relaxed)
        s.position += Int64(n)
        s.remaining -= Int64(n)
        let last = s.remaining == 0
        if last {
            _ = close(s.fd)
            streams[id] = nil
        } else {
            streams[id] = s
        }
        post(s.start, id: id, FileChunk(bytes: bytes, isLast: last, failureStatus: nil))
    }

    private func post(_ s: Start, id: UInt64, _ chunk: FileChunk) {
        s.mailbox.push(.fileChunk(slot: s.slot, generation: s.generation, stream: id, chunk: chunk), bounded: false)
    }
}

/// A piece of a file response on its way to a loop: the head first, then body chunks.
/// `failureStatus`: before the head, the status to answer instead (404, 500); -1 after it: close the connection.
struct FileChunk: Sendable {
    var bytes: [UInt8]
    var isLast: Bool
    var failureStatus: Int?
}
