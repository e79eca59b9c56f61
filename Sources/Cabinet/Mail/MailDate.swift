import Foundation

/// RFC 5322 dates (`Thu, 30 Apr 2026 10:15:00 +0300`), read and written without `DateFormatter`.
enum MailDate {
    private static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    /// RFC 5322 section 4.3 obsolete zone names, plus MSK, which Russian mailers still write.
    private static let zoneOffsets: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "msk": 3,
    ]

    /// Reads a date header value, tolerating a missing weekday or seconds, two-digit years, zone names
    /// and comments; `nil` when the value is not a date.
    static func parse(_ value: String) -> Date? {
        var text = ""
        var depth = 0
        for character in value {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { text.append(character == "," ? " " : character) }
        }
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map {
            $0.lowercased()
        }
        if let first = tokens.first, first.count >= 3, dayNames.contains(String(first.prefix(3))),
            first.allSatisfy(\.isLetter)
        {
            tokens.removeFirst()
        }
        guard tokens.count >= 4 else { return nil }
        var dayToken = tokens[0]
        var monthToken = tokens[1]
        if Int(dayToken) == nil {
            swap(&dayToken, &monthToken)  // "Apr 30 2026" as some mailers write it
        }
        guard let day = Int(dayToken), let month = monthNames.firstIndex(of: String(monthToken.prefix(3))),
            var year = Int(tokens[2]), let clock = parseClock(tokens[3])
        else { return nil }
        if tokens[2].count == 2 {
            year += year < 50 ? 2000 : 1900
        } else if tokens[2].count == 3 {
            year += 1900
        }
        let offset = tokens.count > 4 ? parseZone(tokens[4]) : 0
        guard let offset, (1...31).contains(day), (1900...9999).contains(year) else { return nil }
        let days = daysFromCivil(year: year, month: month + 1, day: day)
        let seconds = days * 86_400 + clock - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats `date` as seen in `timeZone`, for example `Thu, 30 Apr 2026 10:15:00 +0300`.
    static func format(_ date: Date, timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civilFromDays(days)
        let weekday = ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
        let sign = offset < 0 ? "-" : "+"
        let zoneMinutes = abs(offset) / 60
        return "\(dayNames[weekday].capitalized), \(day) \(monthNames[month - 1].capitalized) \(year) "
            + "\(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60)) "
            + "\(sign)\(twoDigits(zoneMinutes / 60))\(twoDigits(zoneMinutes % 60))"
    }

    // MARK: - Private

    /// Seconds since midnight for `hh:mm` or `hh:mm:ss`.
    private static func parseClock(_ token: String) -> Int? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2 || parts.count == 3, let hour = parts[0], let minute = parts[1],
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let second = parts.count == 3 ? parts[2] : 0
        guard let second, (0...60).contains(second) else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// Seconds east of UTC for `+hhmm`, `-hhmm` or a zone name; unknown names count as UTC.
    private static func parseZone(_ token: String) -> Int? {
        if let sign = token.first, sign == "+" || sign == "-" {
            let digits = token.dropFirst()
            guard digits.count == 4, let value = Int(digits) else { return nil }
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        return (zoneOffsets[token] ?? 0) * 3600
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
