import Glibc
import MallocInterposerSwift

/// One benchmark's figures: time per operation from the fastest of several timed samples, and heap allocations
/// per operation counted by the malloc interposer over a separate, untimed pass.
struct Figure {
    var name: String
    var bytesPerOperation: Int
    var nanosecondsPerOperation: Double
    var samplesNs: [Double]
    var allocationsPerOperation: Double?

    var medianNanosecondsPerOperation: Double { samplesNs[samplesNs.count / 2] }
    var megabytesPerSecond: Double { Double(bytesPerOperation) / nanosecondsPerOperation * 1_000 }
    var operationsPerSecond: Double { 1e9 / nanosecondsPerOperation }
}

/// Written once by the interposer probe; see `Measure.allocationsCounted`.
nonisolated(unsafe) var probe: UnsafeMutableRawPointer?

enum Measure {
    static func nowNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Whether the interposer is really in the process: linking alone does not guarantee that its malloc is the
    /// one the Swift runtime resolves, so a known allocation must show up in the counters.
    static let allocationsCounted: Bool = {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        probe = malloc(64)  // kept in a global: the optimizer removes a malloc whose result is freed unused
        MallocInterposerSwift.unhook()
        free(probe)
        return MallocInterposerSwift.getStatistics().mallocCount >= 1
    }()

    /// `run(n)` performs `n` operations. Calibrates `n` to about `sampleMs` per sample, takes `samples` samples
    /// and keeps the fastest: the work is the same each time and single-threaded, so a slower sample only measures
    /// a neighbour taking the core (other builds share these 2 cores). The median is kept too, to show the noise.
    static func figure(
        _ name: String, bytesPerOperation: Int, sampleMs: Double = 200, samples: Int = 7,
        run: (Int) -> Void
    ) -> Figure {
        run(1_000)  // warm caches, grow buffers to their steady size
        var n = 1_000
        while true {
            let t0 = nowNs()
            run(n)
            let ms = Double(nowNs() - t0) / 1e6
            if ms >= sampleMs / 4 { n = max(1, Int(Double(n) * sampleMs / ms)); break }
            n *= 4
        }
        var perOp: [Double] = []
        for _ in 0..<samples {
            let t0 = nowNs()
            run(n)
            perOp.append(Double(nowNs() - t0) / Double(n))
        }
        perOp.sort()
        var allocations: Double?
        if allocationsCounted {
            let count = 10_000
            MallocInterposerSwift.initialize()
            MallocInterposerSwift.hook()
            run(count)
            MallocInterposerSwift.unhook()
            allocations = Double(MallocInterposerSwift.getStatistics().mallocCount) / Double(count)
        }
        return Figure(name: name, bytesPerOperation: bytesPerOperation, nanosecondsPerOperation: perOp[0],
                      samplesNs: perOp, allocationsPerOperation: allocations)
    }
}
