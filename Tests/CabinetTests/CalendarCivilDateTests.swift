import Cabinet
import Foundation
import Testing

@Suite("Civil dates")
struct CalendarCivilDateTests {
    @Test("days that exist are made, others are not")
    func validity() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 1, day: 0) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test(
        "ISO text is read and written",
        arguments: [
            ("2026-04-30", 2026, 4, 30), ("0001-01-01", 1, 1, 1), ("9999-12-31", 9999, 12, 31),
            ("2024-02-29", 2024, 2, 29),
        ])
    func isoText(_ text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(CivilDate(text))
        #expect(date == CivilDate(year: year, month: month, day: day))
        #expect(date.description == text)
    }

    @Test(
        "text that is not an ISO date is refused",
        arguments: [
            "", "2026-4-30", "2026-04-3", "26-04-30", "20260430", "2026/04/30", "30.04.2026", "2026-04-30T00:00",
            " 2026-04-30", "2026-02-29", "2026-00-10", "+026-04-30", "2026-0a-30", "２０２６-04-30",
        ])
    func refusesText(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test(
        "weekdays",
        arguments: [
            ("1970-01-01", CivilDate.Weekday.thursday), ("2026-04-30", .thursday), ("2026-05-06", .wednesday),
            ("2000-02-29", .tuesday), ("0001-01-01", .monday), ("2027-01-01", .friday), ("2024-12-28", .saturday),
            ("2026-05-03", .sunday), ("1969-12-31", .wednesday),
        ])
    func weekdays(_ text: String, weekday: CivilDate.Weekday) throws {
        let date = try #require(CivilDate(text))
        #expect(date.weekday == weekday)
        #expect(date.isWeekend == (weekday == .saturday || weekday == .sunday))
    }

    @Test("adding days crosses months, years and 29 February")
    func addingDays() throws {
        let date = try #require(CivilDate("2026-04-30"))
        #expect(date.adding(days: 6).description == "2026-05-06")
        #expect(date.adding(days: 0) == date)
        #expect(date.adding(days: -120).description == "2025-12-31")
        #expect(try #require(CivilDate("2024-02-28")).adding(days: 1).description == "2024-02-29")
        #expect(try #require(CivilDate("2024-02-28")).adding(days: 2).description == "2024-03-01")
        #expect(try #require(CivilDate("2026-12-31")).adding(days: 1).description == "2027-01-01")
        #expect(try #require(CivilDate("2026-01-01")).days(until: date) == 119)
        #expect(date.days(until: try #require(CivilDate("2026-01-01"))) == -119)
    }

    // Foundation's Gregorian calendar switches to the Julian one before October 1582, so start in 1600.
    @Test("day arithmetic agrees with Foundation's Gregorian calendar from 1600 to 9999")
    func agreesWithFoundation() throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(identifier: "UTC"))
        let epoch = try #require(CivilDate("1970-01-01"))
        for offset in stride(from: -135_000, through: 2_930_000, by: 997) {
            let date = epoch.adding(days: offset)
            let parts = gregorian.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(offset) * 86_400))
            #expect(date.year == parts.year && date.month == parts.month && date.day == parts.day, "\(date)")
            #expect(date.weekday.rawValue == (parts.weekday! + 5) % 7 + 1, "\(date)")  // Foundation: Sunday is 1
            #expect(epoch.days(until: date) == offset)
        }
    }

    @Test("an instant falls on the date of its time zone, Moscow by default for the project")
    func fromDate() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let lateEvening = Date(timeIntervalSince1970: 1_777_584_600)  // 2026-04-30T21:30:00Z
        #expect(CivilDate(lateEvening, in: utc).description == "2026-04-30")
        #expect(CivilDate(lateEvening, in: CivilDate.moscowTimeZone).description == "2026-05-01")
        #expect(CivilDate.moscowTimeZone.secondsFromGMT(for: lateEvening) == 3 * 3600)
        #expect(CivilDate(Date(timeIntervalSince1970: -1), in: utc).description == "1969-12-31")
        #expect(CivilDate(Date(timeIntervalSince1970: 0), in: utc).description == "1970-01-01")
    }

    @Test("dates are ordered and encoded as ISO text")
    func orderAndCoding() throws {
        let dates = ["2026-05-06", "2025-12-31", "2026-04-30", "2026-05-01"].compactMap(CivilDate.init)
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-04-30", "2026-05-01", "2026-05-06"])
        let data = try JSONEncoder().encode(dates)
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-05-06","2025-12-31","2026-04-30","2026-05-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == dates)
        let badDate = Data(#"["2026-02-30"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: badDate) }
    }
}
