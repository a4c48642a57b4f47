import CShims
import Glibc

/// The io_uring driver: multishot accept, multishot receive into a provided buffer ring (no receive buffer is held
/// for an idle connection), one send per call, and a multishot poll on the inbox's eventfd.
///
/// Created on its loop thread and used only there (`SINGLE_ISSUER|DEFER_TASKRUN` let only the creating thread submit).
final class URingDriver: IODriver {
    let name = "io_uring"
    private let ring: UnsafeMutablePointer<io_uring>          // loop thread only; stable heap address
    private let bufferRing: UnsafeMutablePointer<io_uring_buf_ring>
    private let bufferMemory: UnsafeMutableRawPointer
    private let bufferCount: Int
    private let bufferBytes: Int
    private let bufferGroup: UInt16 = 1
    private var buffersToAdvance: Int32 = 0                   // recycled since the last submit
    private var buffersOut = 0                                // handed to the loop, not yet recycled
    private var cqeScratch: UnsafeMutablePointer<UnsafeMutablePointer<io_uring_cqe>?>
    private let cqeBatchMax = 256
    private(set) var setupFlagsUsed: UInt32 = 0

    struct SetupError: Error, CustomStringConvertible {
        var call: String
        var errno: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(errno)))" }
    }

    /// - Parameters:
    ///   - entries: submission queue size; the completion queue is four times larger.
    ///   - bufferCount: provided receive buffers (a power of two, at least 64: with very few, multishot receive ends
    ///     in ENOBUFS endlessly).
    init(entries: UInt32, bufferCount: Int, bufferBytes: Int) throws(SetupError) {
        precondition(bufferCount >= 64 && bufferCount & (bufferCount - 1) == 0, "bufferCount \(bufferCount)")
        ring = .allocate(capacity: 1)
        try URingDriver.setUpRing(ring, entries: entries, flags: &setupFlagsUsed)
        guard let br = parley_buf_ring_alloc(UInt32(bufferCount)) else {
            io_uring_queue_exit(ring); ring.deallocate()
            throw SetupError(call: "mmap(buffer ring)", errno: errno)
        }
        let rc = parley_buf_ring_register(ring, br, UInt32(bufferCount), bufferGroup)
        if rc < 0 {
            parley_buf_ring_free(br, UInt32(bufferCount)); io_uring_queue_exit(ring); ring.deallocate()
            throw SetupError(call: "io_uring_register_buf_ring", errno: -rc)
        }
        bufferRing = br
        self.bufferCount = bufferCount
        self.bufferBytes = bufferBytes
        bufferMemory = .allocate(byteCount: bufferCount * bufferBytes, alignment: 4096)
        let mask = io_uring_buf_ring_mask(UInt32(bufferCount))
        for bid in 0..<bufferCount {
            io_uring_buf_ring_add(br, bufferMemory + bid * bufferBytes, UInt32(bufferBytes), UInt16(bid), mask, Int32(bid))
        }
        io_uring_buf_ring_advance(br, Int32(bufferCount))
        cqeScratch = .allocate(capacity: cqeBatchMax)
    }

    private static func setUpRing(_ ring: UnsafeMutablePointer<io_uring>, entries: UInt32,
                                  flags used: inout UInt32) throws(SetupError) {
        // Preferred: one issuer with deferred task work (completions run only when this thread asks), then
        // progressively plainer set-ups for older kernels.
        let base = parley_setup_cqsize() | parley_setup_submit_all()
        let attempts: [UInt32] = [
            base | parley_setup_single_issuer() | parley_setup_defer_taskrun(),
            base | parley_setup_coop_taskrun(),
            parley_setup_cqsize(),
        ]
        var lastError: Int32 = 0
        for flags in attempts {
            var params = io_uring_params()
            params.flags = flags
            params.cq_entries = entries * 4
            let rc = io_uring_queue_init_params(entries, ring, &params)
            if rc == 0 {
                used = flags
                return
            }
            lastError = -rc
        }
        ring.deallocate()
        throw SetupError(call: "io_uring_queue_init_params", errno: lastError)
    }

    deinit {
        io_uring_queue_exit(ring)
        ring.deallocate()
        parley_buf_ring_free(bufferRing, UInt32(bufferCount))
        bufferMemory.deallocate()
        cqeScratch.deallocate()
    }

    var receiveBufferBytesHeld: Int { buffersOut * bufferBytes }
    var usesDeferredTaskRun: Bool { setupFlagsUsed & parley_setup_defer_taskrun() != 0 }

    @inline(__always)
    private func nextSQE() -> UnsafeMutablePointer<io_uring_sqe> {
        if let sqe = io_uring_get_sqe(ring) { return sqe }
        // The submission queue is full: hand it to the kernel and take a fresh entry.
        _ = io_uring_submit(ring)
        guard let sqe = io_uring_get_sqe(ring) else { preconditionFailure("io_uring SQ full right after submit") }
        return sqe
    }

    func armAccept(listenFD: Int32, listener: Int) {
        let sqe = nextSQE()
        io_uring_prep_multishot_accept(sqe, listenFD, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
        parley_sqe_set_data64(sqe, UserData(op: .accept, slot: UInt32(listener), generation: 0).packed)
    }

    func cancelAccept(listenFD: Int32, listener: Int) {
        let sqe = nextSQE()
        io_uring_prep_cancel64(sqe, UserData(op: .accept, slot: UInt32(listener), generation: 0).packed, 0)
        parley_sqe_set_data64(sqe, UserData(op: .cancel, slot: 0, generation: 0).packed)
    }

    func armReceive(fd: Int32, slot: UInt32, generation: UInt32) {
        let sqe = nextSQE()
        parley_prep_recv_multishot(sqe, fd, bufferGroup)
        parley_sqe_set_data64(sqe, UserData(op: .recv, slot: slot, generation: generation).packed)
    }

    func send(fd: Int32, slot: UInt32, generation: UInt32, bytes: UnsafeRawPointer, count: Int) {
        let sqe = nextSQE()
        io_uring_prep_send(sqe, fd, bytes, count, Int32(MSG_NOSIGNAL))
        parley_sqe_set_data64(sqe, UserData(op: .send, slot: slot, generation: generation).packed)
    }

    func shutdown(fd: Int32, slot: UInt32, generation: UInt32) {
        // shutdown(2) wakes the armed multishot receive with end of stream, which is the completion the loop waits
        // for before it frees the slot. Done synchronously: it is cheap and never blocks.
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
        let sqe = nextSQE()
        io_uring_prep_cancel64(sqe, UserData(op: .recv, slot: slot, generation: generation).packed, 0)
        parley_sqe_set_data64(sqe, UserData(op: .cancel, slot: slot, generation: generation).packed)
    }

    func closeDescriptor(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    func armWake(eventFD: Int32) {
        let sqe = nextSQE()
        io_uring_prep_poll_multishot(sqe, eventFD, UInt32(POLLIN))
        parley_sqe_set_data64(sqe, UserData(op: .wake, slot: 0, generation: 0).packed)
    }

    func recycle(buffer: UInt16) {
        let mask = io_uring_buf_ring_mask(UInt32(bufferCount))
        io_uring_buf_ring_add(bufferRing, bufferMemory + Int(buffer) * bufferBytes, UInt32(bufferBytes), buffer,
                              mask, buffersToAdvance)
        buffersToAdvance += 1
        buffersOut -= 1
    }

    func wait(timeoutMs: Int, into events: inout [IOEvent]) {
        if buffersToAdvance > 0 {
            io_uring_buf_ring_advance(bufferRing, buffersToAdvance)
            buffersToAdvance = 0
        }
        if timeoutMs == 0 {
            _ = io_uring_submit_and_get_events(ring)
        } else {
            var cqe: UnsafeMutablePointer<io_uring_cqe>? = nil
            if timeoutMs < 0 {
                _ = io_uring_submit_and_wait_timeout(ring, &cqe, 1, nil, nil)
            } else {
                var ts = __kernel_timespec(tv_sec: Int64(timeoutMs / 1000), tv_nsec: Int64(timeoutMs % 1000) * 1_000_000)
                _ = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, nil)
            }
        }
        reap(into: &events)
    }

    private func reap(into events: inout [IOEvent]) {
        while true {
            let n = Int(io_uring_peek_batch_cqe(ring, cqeScratch, UInt32(cqeBatchMax)))
            if n == 0 { return }
            for i in 0..<n {
                let cqe = cqeScratch[i]!
                translate(res: cqe.pointee.res, flags: cqe.pointee.flags, userData: cqe.pointee.user_data, into: &events)
            }
            io_uring_cq_advance(ring, UInt32(n))
            if n < cqeBatchMax { return }
        }
    }

    @inline(__always)
    private func translate(res: Int32, flags: UInt32, userData: UInt64, into events: inout [IOEvent]) {
        guard let ud = UserData(packed: userData) else { preconditionFailure("completion with unknown user_data \(userData)") }
        let more = flags & parley_cqe_f_more() != 0
        switch ud.op {
        case .accept:
            if res >= 0 {
                events.append(.accepted(fd: res, listener: Int(ud.slot), rearm: !more))
            } else {
                events.append(.acceptFailed(errno: -res, listener: Int(ud.slot), rearm: !more))
            }
        case .recv:
            if res > 0 {
                precondition(flags & parley_cqe_f_buffer() != 0, "recv completion without a buffer")
                let bid = UInt16(truncatingIfNeeded: flags >> parley_cqe_buffer_shift())
                buffersOut += 1
                let bytes = UnsafeRawBufferPointer(start: bufferMemory + Int(bid) * bufferBytes, count: Int(res))
                events.append(.received(slot: ud.slot, generation: ud.generation, bytes: bytes, buffer: bid))
                if !more {
                    // The multishot receive stopped without an error (e.g. the CQ overflowed): ask for a re-arm.
                    events.append(.receiveEnded(slot: ud.slot, generation: ud.generation, result: -EAGAIN))
                }
            } else {
                events.append(.receiveEnded(slot: ud.slot, generation: ud.generation, result: res))
            }
        case .send:
            events.append(.sent(slot: ud.slot, generation: ud.generation, result: res))
        case .wake:
            events.append(.wake(rearm: !more))
        case .cancel, .timeout:
            break
        }
    }
}
