import Foundation

/// A calendar day without a time of day or a time zone, in the proleptic Gregorian calendar.
///
/// Due dates and sending dates are days, not instants: "sent on 30 April, due on 6 May". Take today's
/// date where the people are, which for this project is Moscow:
///
/// ```swift
/// let today = CivilDate(clock.now, in: CivilDate.moscowTimeZone)
/// let date = CivilDate("2026-04-30")!           // ISO 8601 calendar date
/// date.weekday                                  // .thursday
/// date.adding(days: 6).description              // "2026-05-06"
/// ```
public struct CivilDate: Hashable, Comparable, Sendable {
    /// A day of the week, numbered as ISO 8601 does: Monday is 1, Sunday is 7.
    public enum Weekday: Int, CaseIterable, Codable, Sendable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        /// Whether the day is a Saturday or a Sunday.
        public var isWeekend: Bool { self == .saturday || self == .sunday }
    }

    /// The time zone the project takes dates in: Europe/Moscow (UTC+3 when the zone data is missing).
    public static let moscowTimeZone: TimeZone =
        TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600) ?? .gmt

    /// The years a date may have, so that its ISO form always has four digits.
    public static let supportedYears = 1...9999

    /// The year, from 1 to 9999.
    public let year: Int
    /// The month, from 1 (January) to 12 (December).
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int

    /// Makes the date, or nil when it does not exist (such as 30 February) or its year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date that `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: date)
        let seconds = Int((date.timeIntervalSince1970 + Double(offset)).rounded(.down))
        self.init(dayNumber: Self.floorDivide(seconds, 86_400))
    }

    /// The number of days in `month` of `year`.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The day of the week.
    public var weekday: Weekday {
        // Day 0, 1970-01-01, was a Thursday (ISO weekday 4).
        Weekday(rawValue: Self.floorModulo(dayNumber + 3, 7) + 1)!
    }

    /// Whether the date is a Saturday or a Sunday.
    public var isWeekend: Bool { weekday.isWeekend }

    /// The date `days` days later (earlier when negative); the result must stay within years 1...9999.
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// The number of days from this date to `other`: positive when `other` is later.
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Orders dates from earlier to later.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: - Day numbers

    /// Days since 1970-01-01 (days-from-civil, after Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms").
    var dayNumber: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01 (civil-from-days, the inverse of ``dayNumber``).
    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        precondition(Self.supportedYears.contains(year), "CivilDate out of the years 1...9999")
        self.year = year
        self.month = month
        self.day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func floorModulo(_ value: Int, _ divisor: Int) -> Int {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

// MARK: - ISO 8601 text

extension CivilDate: LosslessStringConvertible {
    /// The date as ISO 8601 `yyyy-MM-dd`, such as `2026-04-30`.
    public var description: String {
        func padded(_ value: Int, toWidth width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, toWidth: 4))-\(padded(month, toWidth: 2))-\(padded(day, toWidth: 2))"
    }

    /// Reads an ISO 8601 `yyyy-MM-dd` date, or returns nil when `description` is not one or the day does not exist.
    public init?(_ description: String) {
        let parts = description.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = ValidationInput.asciiDigits(String(parts[0])),
            let month = ValidationInput.asciiDigits(String(parts[1])),
            let day = ValidationInput.asciiDigits(String(parts[2]))
        else { return nil }
        let number = { (digits: [Int]) in digits.reduce(0) { $0 * 10 + $1 } }
        self.init(year: number(year), month: number(month), day: number(day))
    }
}

// MARK: - Codable

extension CivilDate: Codable {
    /// Decodes a date from its ISO 8601 `yyyy-MM-dd` form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a yyyy-MM-dd date: \(text)")
        }
        self = date
    }

    /// Encodes the date in its ISO 8601 `yyyy-MM-dd` form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
