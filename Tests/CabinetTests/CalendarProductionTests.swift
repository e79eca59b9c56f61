import Cabinet
import Foundation
import Testing

@Suite("Production calendar: the decrees")
struct CalendarDecreeTests {
    let calendar = ProductionCalendar()

    /// The days off of a year as the government announced them (periods including weekends), and its working
    /// weekend days; every other day is worked from Monday to Friday.
    static let announcements: [(year: Int, daysOff: [(String, String)], workedWeekends: [String], total: Int)] = [
        (
            2024,
            [
                ("2024-01-01", "2024-01-08"), ("2024-02-23", "2024-02-25"), ("2024-03-08", "2024-03-10"),
                ("2024-04-28", "2024-05-01"), ("2024-05-09", "2024-05-12"), ("2024-06-12", "2024-06-12"),
                ("2024-11-03", "2024-11-04"), ("2024-12-29", "2024-12-31"),
            ],
            ["2024-04-27", "2024-11-02", "2024-12-28"], 248
        ),
        (
            2025,
            [
                ("2025-01-01", "2025-01-08"), ("2025-02-22", "2025-02-23"), ("2025-03-08", "2025-03-09"),
                ("2025-05-01", "2025-05-04"), ("2025-05-08", "2025-05-11"), ("2025-06-12", "2025-06-15"),
                ("2025-11-02", "2025-11-04"), ("2025-12-31", "2025-12-31"),
            ],
            ["2025-11-01"], 247
        ),
        (
            2026,
            [
                ("2026-01-01", "2026-01-11"), ("2026-02-21", "2026-02-23"), ("2026-03-07", "2026-03-09"),
                ("2026-05-01", "2026-05-03"), ("2026-05-09", "2026-05-11"), ("2026-06-12", "2026-06-14"),
                ("2026-11-04", "2026-11-04"), ("2026-12-31", "2026-12-31"),
            ],
            [], 247
        ),
    ]

    @Test("every day of 2024, 2025 and 2026 follows the decree", arguments: 0..<3)
    func everyDayOfYear(_ index: Int) {
        let (year, periods, workedWeekends, total) = Self.announcements[index]
        let daysOff = Set(periods.flatMap { calendarDates($0.0, through: $0.1) })
        let worked = Set(workedWeekends.map { calendarDate($0) })
        var workingDays = 0
        for date in calendarDates("\(year)-01-01", through: "\(year)-12-31") {
            let expected = worked.contains(date) || (!date.isWeekend && !daysOff.contains(date))
            #expect(calendar.isWorkingDay(date) == expected, "\(date) \(date.weekday)")
            if calendar.isWorkingDay(date) { workingDays += 1 }
        }
        #expect(workingDays == total)
    }

    @Test(
        "2026: the decree's days off, one by one",
        arguments: [
            "2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09",
            "2026-02-23", "2026-03-09", "2026-05-01", "2026-05-11", "2026-06-12", "2026-11-04", "2026-12-31",
        ])
    func daysOff2026(_ text: String) {
        let date = calendarDate(text)
        #expect(!date.isWeekend)
        #expect(!calendar.isWorkingDay(date))
    }

    @Test(
        "2025: the decree's days off, one by one",
        arguments: [
            "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08", "2025-05-01",
            "2025-05-02", "2025-05-08", "2025-05-09", "2025-06-12", "2025-06-13", "2025-11-03", "2025-11-04",
            "2025-12-31",
        ])
    func daysOff2025(_ text: String) {
        let date = calendarDate(text)
        #expect(!date.isWeekend)
        #expect(!calendar.isWorkingDay(date))
    }

    @Test("working Saturdays: 1 November 2025; 27 April, 2 November and 28 December 2024")
    func workingSaturdays() {
        for text in ["2025-11-01", "2024-04-27", "2024-11-02", "2024-12-28"] {
            let date = calendarDate(text)
            #expect(date.weekday == .saturday)
            #expect(calendar.isWorkingDay(date), "\(text)")
        }
        // Ordinary weekdays next to the holidays stay working.
        for text in ["2025-02-24", "2025-03-10", "2026-01-12", "2026-05-04", "2026-05-12", "2026-12-30"] {
            #expect(calendar.isWorkingDay(calendarDate(text)), "\(text)")
        }
    }

    @Test("2027 without a decree: the Labour Code holidays and their weekday transfers only")
    func labourCode2027() {
        let daysOff = [
            "2027-01-01", "2027-01-04", "2027-01-08", "2027-02-23", "2027-03-08", "2027-05-03", "2027-05-10",
            "2027-06-14", "2027-11-04",
        ]
        for text in daysOff {
            #expect(!calendar.isWorkingDay(calendarDate(text)), "\(text)")
        }
        #expect(calendar.isWorkingDay(calendarDate("2027-01-11")))
        #expect(calendar.isWorkingDay(calendarDate("2027-12-31")))  // until a decree moves a day off there
        let workingDays = calendarDates("2027-01-01", through: "2027-12-31").filter(calendar.isWorkingDay).count
        #expect(workingDays == 249)
    }

    @Test("the built-in years list only weekdays off and worked weekends")
    func builtInDataIsCompact() {
        #expect(ProductionCalendar().knownYears == [2024, 2025, 2026, 2027])
        #expect(ProductionCalendar.russia.knownYears == [2024, 2025, 2026, 2027])
        for year in ProductionCalendar.russianFederalYears {
            #expect(year.daysOff.allSatisfy { !$0.isWeekend && $0.year == year.year })
            #expect(year.workingWeekendDays.allSatisfy { $0.isWeekend && $0.year == year.year })
        }
    }
}
