import Testing

@testable import Net

@Suite struct HTTPDateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),  // RFC 9110's example
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),  // leap day of a year divisible by 400
        (951_868_799, "Tue, 29 Feb 2000 23:59:59 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),  // 2100 is not a leap year
        (2_147_483_648, "Tue, 19 Jan 2038 03:14:08 GMT"),  // past 32-bit time_t
        (1_798_761_599, "Thu, 31 Dec 2026 23:59:59 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (-86_400 * 365, "Wed, 01 Jan 1969 00:00:00 GMT"),
    ])
    func formatsIMFFixdate(epochSeconds: Int, expected: String) {
        #expect(HTTPDate.format(epochSeconds: epochSeconds) == expected)
    }

    @Test func agreesWithDayByDayCountingOverFourCenturies() {
        // Walk the calendar one day at a time with the simple rules and compare every day.
        var year = 1970
        var month = 1
        var day = 1
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for days in 0..<(146_097 + 10) {
            let text = HTTPDate.format(epochSeconds: days * 86_400 + 3_661)
            let dd = day < 10 ? "0\(day)" : "\(day)"
            #expect(text.dropFirst(5) == "\(dd) \(months[month - 1]) \(year) 01:01:01 GMT", "day \(days)")
            if !text.hasSuffix("GMT") { break }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            day += 1
            if day > length { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
        }
    }

    @Test func extremesAreClampedToFourDigitYears() {
        #expect(HTTPDate.format(epochSeconds: .max) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(epochSeconds: .min) == "Sat, 01 Jan 0000 00:00:00 GMT")
    }
}
