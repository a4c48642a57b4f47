import Foundation
import Glibc

/// Record timestamps (milliseconds since the Unix epoch) as the tools print and accept them.
enum TimestampText {
    /// `2025-01-31T12:34:56.789Z`, always UTC with milliseconds, so lines sort and compare as text.
    static func format(millis: Int64) -> String {
        var seconds = time_t(millis.floorDivided(by: 1000))
        let ms = Int(millis - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }

    /// Parses ISO-8601 with a zone (`Z` or `±hh:mm`), with or without fractional seconds; nil otherwise.
    static func parseISO8601(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                return Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            }
        }
        return nil
    }
}

extension Int64 {
    /// Division rounding towards minus infinity, so instants before 1970 format correctly.
    func floorDivided(by d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
