import ArgumentParser
import Snapshot

/// `restore --to`: an LSN or an instant. The spellings are explicit where a bare number could mean either:
///
/// - `lsn:1234` or `1234` — every record up to and including LSN 1234;
/// - `2025-01-31T12:00:00Z`, `2025-01-31T12:00:00.250+01:00` — ISO-8601 with a zone;
/// - `ms:1738324800000` or `1738324800000ms` — milliseconds since the Unix epoch.
///
/// A bare number of 12 digits or more is refused: it looks like epoch milliseconds, and restoring to that
/// LSN instead would be a surprise.
struct RestoreTargetArgument: ExpressibleByArgument, Sendable {
    let target: RestoreTarget

    init?(argument: String) {
        guard let target = Self.parse(argument) else { return nil }
        self.target = target
    }

    static func parse(_ text: String) -> RestoreTarget? {
        if text.hasPrefix("lsn:") { return UInt64(text.dropFirst(4)).map { .lsn($0) } }
        if text.hasPrefix("ms:") { return Int64(text.dropFirst(3)).map { .timestamp($0) } }
        if text.hasSuffix("ms"), let ms = Int64(text.dropLast(2)) { return .timestamp(ms) }
        if let lsn = UInt64(text) { return text.count < 12 ? .lsn(lsn) : nil }
        return TimestampText.parseISO8601(text).map { .timestamp($0) }
    }

    static let help = ArgumentHelp(
        "The point to restore to: an LSN (lsn:N or N), an ISO-8601 instant with a zone, or epoch milliseconds (ms:N or Nms).",
        valueName: "lsn|timestamp")
}
