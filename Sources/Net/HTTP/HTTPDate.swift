/// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT", computed with integer arithmetic:
/// the loop formats it once a second and Foundation's formatters are neither needed nor cheap.
public struct HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: IMF-fixdate has four year digits, and clamping keeps the
    /// arithmetic far from overflow whatever the clock says.
    static let epochSecondsRange = -62_167_219_200...253_402_300_799

    public static func format(epochSeconds: Int) -> String {
        let epochSeconds = min(max(epochSeconds, epochSecondsRange.lowerBound), epochSecondsRange.upperBound)
        let days = floorDivide(epochSeconds, 86_400)
        let secondOfDay = epochSeconds - days * 86_400
        let (year, month, day) = civil(daysSinceEpoch: days)
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday), \(twoDigits(day)) \(months[month - 1]) \(fourDigits(year)) "
            + "\(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60)) GMT"
    }

    /// Howard Hinnant's civil_from_days: proleptic Gregorian year, month 1...12, day 1...31.
    static func civil(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // March is 0
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Division rounding towards -infinity (b > 0), without negating `a`, which would overflow at Int.min.
    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return a % b < 0 ? quotient - 1 : quotient
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func fourDigits(_ n: Int) -> String {
        let s = "\(n)"
        return n >= 0 && s.count < 4 ? String(repeating: "0", count: 4 - s.count) + s : s
    }
}
