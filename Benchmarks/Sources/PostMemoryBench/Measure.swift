import Glibc

/// The few measurements every part of the benchmark takes: a monotonic clock, the process's resident set, and
/// progress lines on stderr (stdout carries only the table).
enum Measure {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `VmRSS` from /proc/self/status, in bytes: what the kernel holds resident for this process, which is what
    /// the "10M posts in memory" goal is about (allocator slack and fragmentation included).
    static func residentBytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: lineBytesMax)
        while fgets(&line, Int32(lineBytesMax), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmRSS:") else { continue }
            let digits = text.dropFirst("VmRSS:".count).filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024  // the kernel reports kB
        }
        return 0
    }

    static let lineBytesMax = 256

    /// A progress line on stderr, written at once so it shows while a long load runs.
    static func progress(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    static func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }

    /// `x` with `places` decimals.
    static func fixed(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(x) * scale).rounded())
        let sign = x < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let whole = scaled / Int(scale), fraction = String(scaled % Int(scale))
        return sign + "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// An integer with thousands separators, as the README writes them.
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
