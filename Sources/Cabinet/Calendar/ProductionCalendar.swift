import Foundation

/// The Russian production calendar: which days are worked, and business-day arithmetic on top of it.
///
/// A year it knows follows its government decree (holidays, transferred days off, working Saturdays);
/// the federal years 2024–2027 are built in (see ``russianFederalYears``) and more can be loaded from
/// xmlcalendar files (see ``load(xmlcalendar:)``). Any other year has the plain five-day week, and the
/// calendar says so once per year through the `onUnknownYear` callback it was made with.
///
/// Business days count from the day after the starting date, as the spec's due dates do: sent on
/// Thursday 30 April 2026, three business days end on Wednesday 6 May 2026, because 1 May is a holiday
/// and 2–3 May a weekend.
///
/// ```swift
/// let calendar = ProductionCalendar(onUnknownYear: { year in logger.warning("no calendar for \(year)") })
/// let sent = CivilDate(year: 2026, month: 4, day: 30)!
/// calendar.adding(businessDays: 3, to: sent)             // 2026-05-06
/// ```
public struct ProductionCalendar: Sendable {
    /// The days of one year that differ from the Monday-to-Friday week.
    public struct Year: Hashable, Sendable {
        /// The year these days belong to.
        public let year: Int
        /// Monday-to-Friday days that are not worked: holidays and days off transferred onto weekdays.
        public var daysOff: Set<CivilDate>
        /// Saturdays and Sundays that are worked, the other side of a transfer.
        public var workingWeekendDays: Set<CivilDate>

        /// Makes a year's exceptions; days of other years in the sets are never consulted.
        public init(year: Int, daysOff: Set<CivilDate>, workingWeekendDays: Set<CivilDate>) {
            self.year = year
            self.daysOff = daysOff
            self.workingWeekendDays = workingWeekendDays
        }
    }

    private var years: [Int: Year]
    private let unknownYears: UnknownYearLog

    /// Makes a calendar of `years` (the built-in federal years unless told otherwise).
    ///
    /// - Parameter onUnknownYear: called once for each year the calendar is asked about and does not know,
    ///   which it treats as weekends-only; copies of the calendar share what was already reported.
    public init(
        years: [Year] = ProductionCalendar.russianFederalYears,
        onUnknownYear: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { _, last in last })
        self.unknownYears = UnknownYearLog(report: onUnknownYear)
    }

    /// The years the calendar has a decree for, in order.
    public var knownYears: [Int] { years.keys.sorted() }

    /// The exceptions of `year`, or nil when the calendar does not know it.
    public func exceptions(for year: Int) -> Year? {
        years[year]
    }

    /// Adds `year`'s exceptions, replacing those the calendar had for that year.
    public mutating func setExceptions(_ year: Year) {
        years[year.year] = year
    }

    /// Whether `date` is a working day; in a year the calendar does not know, whether it is Monday to Friday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        guard let exceptions = years[date.year] else {
            unknownYears.note(date.year)
            return !date.isWeekend
        }
        if date.isWeekend { return exceptions.workingWeekendDays.contains(date) }
        return !exceptions.daysOff.contains(date)
    }

    /// The day on which `count` business days after `date` end; before it when `count` is negative.
    ///
    /// Counting starts with the day after `date` (the day before, going back) and stops on the working day
    /// that makes `count`, so a positive count always ends on a working day. Zero returns `date` itself.
    public func adding(businessDays count: Int, to date: CivilDate) -> CivilDate {
        let step = count < 0 ? -1 : 1
        var remaining = count.magnitude
        var current = date
        while remaining > 0 {
            current = current.adding(days: step)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The signed number of working days stepped on going from `start` to `end`, `start` itself excluded.
    ///
    /// Positive when `end` is later: the working days in `start+1 ... end`. Negative when `end` is earlier:
    /// minus the working days in `end ... start-1`. It is the inverse of ``adding(businessDays:to:)``:
    /// `businessDays(between: d, and: adding(businessDays: n, to: d)) == n` for every `d` and `n`. For a
    /// due date, a negative result counts the working days overdue.
    public func businessDays(between start: CivilDate, and end: CivilDate) -> Int {
        let step = end < start ? -1 : 1
        var count = 0
        var current = start
        while current != end {
            current = current.adding(days: step)
            if isWorkingDay(current) { count += step }
        }
        return count
    }
}

// MARK: - Unknown years

extension ProductionCalendar {
    /// Remembers which unknown years were reported, so that each one is reported once.
    private final class UnknownYearLog: @unchecked Sendable {
        // `@unchecked Sendable`: `reported` is read and written only while `lock` is held,
        // and `report` is itself `@Sendable`.
        private let lock = NSLock()
        private var reported: Set<Int> = []
        private let report: @Sendable (Int) -> Void

        init(report: @escaping @Sendable (Int) -> Void) {
            self.report = report
        }

        func note(_ year: Int) {
            lock.lock()
            let isFirst = reported.insert(year).inserted
            lock.unlock()
            if isFirst { report(year) }
        }
    }
}
