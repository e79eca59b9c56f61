import Cabinet
import Foundation
import Testing

@Suite("Production calendar: business days")
struct CalendarBusinessDayTests {
    let calendar = ProductionCalendar()

    @Test(
        "business days count from the day after and skip holidays",
        arguments: [
            // The spec: sent Thursday 30 April 2026, 3 business days end on Wednesday 6 May 2026.
            ("2026-04-30", 3, "2026-05-06"),
            ("2026-04-30", 1, "2026-05-04"),
            ("2026-05-08", 1, "2026-05-12"),  // 9–11 May 2026 off
            ("2026-06-11", 2, "2026-06-16"),  // a director change, 1–2 days: 12–14 June off
            ("2025-04-30", 1, "2025-05-05"),  // 1–4 May 2025 off
            ("2025-04-30", 4, "2025-05-12"),  // 5, 6, 7 worked, 8–11 off
            ("2025-06-11", 1, "2025-06-16"),  // 12–15 June 2025 off
            ("2025-10-31", 1, "2025-11-01"),  // Saturday 1 November 2025 worked
            ("2025-10-31", 2, "2025-11-05"),  // 2–4 November off
            ("2025-12-26", 3, "2026-01-12"),  // 29, 30 December, then 31 December to 11 January off
            ("2025-12-30", 1, "2026-01-12"),
            ("2024-04-26", 1, "2024-04-27"),  // Saturday 27 April 2024 worked
            ("2024-04-26", 2, "2024-05-02"),  // 28 April to 1 May off
            ("2024-12-27", 1, "2024-12-28"),  // Saturday 28 December 2024 worked
            ("2024-12-27", 2, "2025-01-09"),  // 29 December 2024 to 8 January 2025 off
            ("2026-12-30", 1, "2027-01-11"),  // 31 December 2026, then 1–10 January 2027
            ("2026-05-02", 1, "2026-05-04"),  // sent on a weekend
            ("2026-05-01", 0, "2026-05-01"),  // zero days: the same day, even a holiday
        ])
    func adding(_ sent: String, _ count: Int, _ due: String) {
        #expect(calendar.adding(businessDays: count, to: calendarDate(sent)) == calendarDate(due))
    }

    @Test(
        "negative counts go back over the same holidays",
        arguments: [
            ("2026-05-06", -3, "2026-04-30"), ("2026-01-12", -1, "2025-12-30"), ("2026-05-04", -1, "2026-04-30"),
            ("2025-11-05", -2, "2025-10-31"), ("2026-05-03", -1, "2026-04-30"),
        ])
    func addingBackwards(_ from: String, _ count: Int, _ result: String) {
        #expect(calendar.adding(businessDays: count, to: calendarDate(from)) == calendarDate(result))
    }

    @Test("business days between two dates, signed")
    func between() {
        let sent = calendarDate("2026-04-30")
        let due = calendarDate("2026-05-06")
        #expect(calendar.businessDays(between: sent, and: due) == 3)
        #expect(calendar.businessDays(between: due, and: sent) == -3)
        #expect(calendar.businessDays(between: sent, and: sent) == 0)
        #expect(calendar.businessDays(between: sent, and: calendarDate("2026-05-03")) == 0)
        #expect(calendar.businessDays(between: calendarDate("2025-12-30"), and: calendarDate("2026-01-12")) == 1)
        // Overdue: a due date of Friday 8 May 2026 seen on Saturday 9 May is one business day late.
        #expect(calendar.businessDays(between: calendarDate("2026-05-09"), and: calendarDate("2026-05-08")) == -1)
        #expect(calendar.businessDays(between: calendarDate("2026-01-12"), and: calendarDate("2026-12-31")) == 246)
        #expect(calendar.businessDays(between: calendarDate("2025-12-31"), and: calendarDate("2026-12-31")) == 247)
    }

    @Test("between is the inverse of adding, both ways, across 2024–2027")
    func betweenInvertsAdding() {
        for date in calendarDates("2024-12-01", through: "2027-01-31") {
            for count in -12...12 {
                let end = calendar.adding(businessDays: count, to: date)
                #expect(calendar.businessDays(between: date, and: end) == count, "\(date) \(count)")
                if count != 0 {
                    #expect(calendar.isWorkingDay(end), "\(date) \(count) ends on \(end)")
                }
            }
        }
    }

    @Test("forward between counts the working days after the start up to the end")
    func betweenCountsWorkingDays() {
        let start = calendarDate("2025-12-20")
        for end in calendarDates("2025-12-20", through: "2026-02-10") {
            let expected = calendarDates("2025-12-20", through: end.description).dropFirst()
                .filter(calendar.isWorkingDay)
            #expect(calendar.businessDays(between: start, and: end) == expected.count, "\(end)")
        }
    }

    @Test("outside known years only weekends are off, and each unknown year is reported once")
    func unknownYears() {
        let reported = CalendarReportedYears()
        let calendar = ProductionCalendar(onUnknownYear: { reported.append($0) })
        #expect(calendar.isWorkingDay(calendarDate("2026-05-04")))
        #expect(reported.all == [])
        #expect(calendar.isWorkingDay(calendarDate("2030-01-01")))  // a Tuesday, a holiday in fact: unknown here
        #expect(!calendar.isWorkingDay(calendarDate("2030-01-05")))
        #expect(calendar.adding(businessDays: 5, to: calendarDate("2030-01-04")) == calendarDate("2030-01-11"))
        let copy = calendar
        #expect(copy.isWorkingDay(calendarDate("2030-06-12")))
        #expect(reported.all == [2030])
        #expect(calendar.businessDays(between: calendarDate("2023-12-29"), and: calendarDate("2024-01-09")) == 1)
        #expect(reported.all == [2030, 2023])
        #expect(calendar.adding(businessDays: 1, to: calendarDate("2027-12-31")) == calendarDate("2028-01-03"))
        #expect(calendar.isWorkingDay(calendarDate("2028-01-04")))
        #expect(reported.all == [2030, 2023, 2028])
    }

    @Test("a calendar can be made of other years")
    func customYears() {
        let reported = CalendarReportedYears()
        let day = calendarDate("2031-03-03")
        let year = ProductionCalendar.Year(year: 2031, daysOff: [day], workingWeekendDays: [calendarDate("2031-03-01")])
        let calendar = ProductionCalendar(years: [year], onUnknownYear: { reported.append($0) })
        #expect(calendar.knownYears == [2031])
        #expect(calendar.exceptions(for: 2031) == year)
        #expect(!calendar.isWorkingDay(day))
        #expect(calendar.isWorkingDay(calendarDate("2031-03-01")))
        #expect(calendar.isWorkingDay(calendarDate("2026-05-01")))  // not a built-in year here
        #expect(reported.all == [2026])
    }
}
