import Foundation
import Glibc
import Synchronization

/// CPU time and resident memory of a process, from /proc, and of this process, from getrusage.
enum ProcessStats {
    /// utime + stime of `pid` in seconds (fields 14 and 15 of /proc/PID/stat, counted after the `)` that ends
    /// the command name, which may itself hold spaces).
    static func cpuSeconds(pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")" come state (field 3) ... utime is field 14, so index 11 here, stime index 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS of `pid` in bytes.
    static func residentBytes(pid: pid_t) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else {
            return nil
        }
        return kb * 1024
    }

    /// This process's user + system CPU seconds, all threads.
    static func selfCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Samples a process's VmRSS every `intervalMillis` on its own thread and keeps the peak.
final class ResidentSampler: Sendable {
    let pid: pid_t
    let intervalMillis: Int
    private let peak = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let done = Atomic<Bool>(false)

    init(pid: pid_t, intervalMillis: Int = 50) {
        self.pid = pid
        self.intervalMillis = intervalMillis
        _ = LoadThread(name: "load-rss") { [self] in
            while !stopped.load(ordering: .relaxed) {
                sample()
                usleep(useconds_t(intervalMillis * 1000))
            }
            done.store(true, ordering: .releasing)
        }
    }

    /// Samples now as well, so a short phase is not missed.
    func sample() {
        if let rss = ProcessStats.residentBytes(pid: pid) { _ = peak.max(rss, ordering: .relaxed) }
    }

    /// Stops sampling; returns the peak in bytes (0 if the process could never be read).
    func stop() -> Int {
        sample()
        stopped.store(true, ordering: .relaxed)
        while !done.load(ordering: .acquiring) { usleep(1000) }
        return peak.load(ordering: .relaxed)
    }
}
