import Foundation

extension ProductionCalendar {
    /// The built-in federal calendar with nobody told of unknown years.
    ///
    /// Fine for tests and tools; the application should pass its log instead, so that a date past the known
    /// years is noticed: `ProductionCalendar(onUnknownYear: { year in log.warning(...) })`.
    public static var russia: ProductionCalendar { ProductionCalendar() }

    /// The federal Russian production calendar for 2024–2027, as the government's decrees set it.
    ///
    /// Each year lists, month by month, the Monday-to-Friday days that are not worked (holidays of Labour Code
    /// art. 112 and days off transferred onto weekdays) and the Saturdays that are worked. Holidays that fall
    /// on a weekend are not listed: they change nothing on their own.
    public static let russianFederalYears: [Year] = [
        // Decree of 10.08.2023 No. 1314: Sat 6 Jan → Fri 10 May, Sun 7 Jan → Tue 31 Dec, Sat 27 Apr → Mon 29 Apr,
        // Sat 2 Nov → Tue 30 Apr, Sat 28 Dec → Mon 30 Dec. 248 working days.
        year(
            2024,
            daysOff: [
                1: [1, 2, 3, 4, 5, 8], 2: [23], 3: [8], 4: [29, 30], 5: [1, 9, 10], 6: [12], 11: [4], 12: [30, 31],
            ],
            workingWeekendDays: [4: [27], 11: [2], 12: [28]]),
        // Decree of 04.10.2024 No. 1335: Sat 4 Jan → Fri 2 May, Sun 5 Jan → Wed 31 Dec, Sun 23 Feb → Thu 8 May,
        // Sat 8 Mar → Fri 13 Jun, Sat 1 Nov → Mon 3 Nov. 247 working days.
        year(
            2025,
            daysOff: [1: [1, 2, 3, 6, 7, 8], 5: [1, 2, 8, 9], 6: [12, 13], 11: [3, 4], 12: [31]],
            workingWeekendDays: [11: [1]]),
        // Decree of 24.09.2025 No. 1466: Sat 3 Jan → Fri 9 Jan, Sun 4 Jan → Thu 31 Dec; by art. 112, Sun 8 Mar →
        // Mon 9 Mar and Sat 9 May → Mon 11 May. No working Saturdays. 247 working days.
        year(
            2026,
            daysOff: [1: [1, 2, 5, 6, 7, 8, 9], 2: [23], 3: [9], 5: [1, 11], 6: [12], 11: [4], 12: [31]],
            workingWeekendDays: [:]),
        // 2027: no decree had been published when this table was written, so only Labour Code art. 112 applies:
        // holidays 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November, and a holiday on a
        // weekend moves the day off to the next working day (Sat 1 May → Mon 3 May, Sun 9 May → Mon 10 May,
        // Sat 12 Jun → Mon 14 Jun). The days off of Sat 2 and Sun 3 January are moved only by the decree, so
        // they are missing here, as is any working Saturday it may set. Load the xmlcalendar file for 2027
        // (`load(xmlcalendar:)`) once the decree is out.
        year(
            2027,
            daysOff: [1: [1, 4, 5, 6, 7, 8], 2: [23], 3: [8], 5: [3, 10], 6: [14], 11: [4]],
            workingWeekendDays: [:]),
    ]

    /// Makes a year from `[month: [day]]` tables of built-in data.
    private static func year(_ year: Int, daysOff: [Int: [Int]], workingWeekendDays: [Int: [Int]]) -> Year {
        func dates(_ table: [Int: [Int]]) -> Set<CivilDate> {
            Set(
                table.flatMap { month, days in
                    days.map { day in
                        guard let date = CivilDate(year: year, month: month, day: day) else {
                            preconditionFailure("built-in calendar has no \(year)-\(month)-\(day)")
                        }
                        return date
                    }
                })
        }
        return Year(year: year, daysOff: dates(daysOff), workingWeekendDays: dates(workingWeekendDays))
    }
}
