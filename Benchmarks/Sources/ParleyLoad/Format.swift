import Foundation

/// Number formatting for the table and progress lines.
enum Format {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }

    /// Deliveries per second: "1.33M" or "812k".
    static func rate(_ perSecond: Double) -> String {
        perSecond >= 1e6 ? fixed(perSecond / 1e6, 2) + "M" : perSecond >= 1e3 ? fixed(perSecond / 1e3, 1) + "k" : fixed(perSecond, 0)
    }

    /// `a ÷ b` as "1.28×"; "—" when either is missing or b is not positive.
    static func ratio(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b, b > 0 else { return "—" }
        return fixed(a / b, 2) + "×"
    }
}
