import Cabinet
import Foundation
import Testing

@Suite("Production calendar: xmlcalendar files")
struct CalendarXMLCalendarTests {
    @Test("a file corrects a built-in year")
    func correctsYear() throws {
        var calendar = ProductionCalendar()
        #expect(calendar.isWorkingDay(calendarDate("2027-11-05")))
        let year = try calendar.load(xmlcalendar: calendarFixture("xmlcalendar-2027-corrected.xml"))
        #expect(year == 2027)
        #expect(calendar.knownYears == [2024, 2025, 2026, 2027])
        for text in ["2027-02-22", "2027-11-05", "2027-12-31", "2027-01-08", "2027-05-03", "2027-06-14"] {
            #expect(!calendar.isWorkingDay(calendarDate(text)), "\(text)")
        }
        #expect(calendar.isWorkingDay(calendarDate("2027-02-20")))  // t="3": a worked Saturday
        #expect(calendar.isWorkingDay(calendarDate("2027-03-05")))  // t="2": shortened, still worked
        #expect(!calendar.isWorkingDay(calendarDate("2027-01-02")))  // t="1" on a weekend changes nothing
        let exceptions = try #require(calendar.exceptions(for: 2027))
        #expect(exceptions.daysOff.count == 15)
        #expect(exceptions.workingWeekendDays == [calendarDate("2027-02-20")])
        #expect(calendar.adding(businessDays: 1, to: calendarDate("2027-11-03")) == calendarDate("2027-11-08"))
        // Other years are untouched.
        #expect(calendar.adding(businessDays: 3, to: calendarDate("2026-04-30")) == calendarDate("2026-05-06"))
    }

    @Test("a file adds a year, which then stops being reported as unknown")
    func addsYear() throws {
        let reported = CalendarReportedYears()
        var calendar = ProductionCalendar(onUnknownYear: { reported.append($0) })
        let year = try calendar.load(xmlcalendar: calendarFixture("xmlcalendar-2028.xml"))
        #expect(year == 2028)
        #expect(calendar.knownYears == [2024, 2025, 2026, 2027, 2028])
        let daysOff = calendarDates("2028-01-01", through: "2028-12-31")
            .filter { !$0.isWeekend && !calendar.isWorkingDay($0) }
        #expect(
            daysOff.map(\.description) == [
                "2028-01-03", "2028-01-04", "2028-01-05", "2028-01-06", "2028-01-07", "2028-02-23", "2028-03-08",
                "2028-05-01", "2028-05-08", "2028-05-09", "2028-06-12", "2028-11-06",
            ])
        #expect(calendar.isWorkingDay(calendarDate("2028-05-06")))
        #expect(calendar.adding(businessDays: 1, to: calendarDate("2028-05-05")) == calendarDate("2028-05-06"))
        #expect(calendar.adding(businessDays: 2, to: calendarDate("2028-05-05")) == calendarDate("2028-05-10"))
        #expect(calendarDates("2028-01-01", through: "2028-12-31").filter(calendar.isWorkingDay).count == 249)
        #expect(reported.all == [])
    }

    @Test("a shortened day on a Saturday is a worked Saturday, as in the 2024 file")
    func shortenedSaturday() throws {
        var calendar = ProductionCalendar(years: [])
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <calendar year="2024" lang="ru" date="2023.09.30">
              <days><day d="11.02" t="2"/><day d="11.04" t="1" h="8"/><day d="12.28" t="3"/></days>
            </calendar>
            """
        try calendar.load(xmlcalendar: Data(xml.utf8))
        let workedSaturdays: Set = [calendarDate("2024-11-02"), calendarDate("2024-12-28")]
        #expect(calendar.exceptions(for: 2024)?.workingWeekendDays == workedSaturdays)
        #expect(calendar.exceptions(for: 2024)?.daysOff == [calendarDate("2024-11-04")])
    }

    @Test("a year without days has only weekends off")
    func emptyYear() throws {
        var calendar = ProductionCalendar()
        try calendar.load(xmlcalendar: Data(#"<calendar year="2026" lang="ru"><days/></calendar>"#.utf8))
        #expect(calendar.isWorkingDay(calendarDate("2026-01-05")))
        #expect(calendar.adding(businessDays: 3, to: calendarDate("2026-04-30")) == calendarDate("2026-05-05"))
    }

    @Test(
        "bad files are refused with the reason and leave the calendar as it was",
        arguments: [
            (
                #"<calendar year="2026"><days><day d="01.01" t="1"></days></calendar>"#,
                XMLCalendarError.malformedXML(line: 1)
            ),
            ("not xml at all", .malformedXML(line: 1)),
            (#"<other year="2026"/>"#, .notACalendar),
            (#"<days><day d="01.01" t="1"/></days>"#, .notACalendar),
            (#"<calendar lang="ru"/>"#, .badYear("")),
            (#"<calendar year="20x6"/>"#, .badYear("20x6")),
            (#"<calendar year="0000"/>"#, .badYear("0000")),
            (#"<calendar year="2026"><days><day d="02.30" t="1"/></days></calendar>"#, .badDay("02.30")),
            (#"<calendar year="2026"><days><day d="1.5" t="1"/></days></calendar>"#, .badDay("1.5")),
            (#"<calendar year="2026"><days><day d="05.01.2026" t="1"/></days></calendar>"#, .badDay("05.01.2026")),
            (#"<calendar year="2026"><days><day t="1"/></days></calendar>"#, .badDay("")),
            (
                #"<calendar year="2026"><days><day d="05.04" t="4"/></days></calendar>"#,
                .badDayType(day: "05.04", type: "4")
            ),
            (#"<calendar year="2026"><days><day d="05.04"/></days></calendar>"#, .badDayType(day: "05.04", type: "")),
        ])
    func refusesBadFile(_ xml: String, error: XMLCalendarError) {
        var calendar = ProductionCalendar()
        #expect(throws: error) { try calendar.load(xmlcalendar: Data(xml.utf8)) }
        #expect(calendar.knownYears == [2024, 2025, 2026, 2027])
        #expect(calendar.exceptions(for: 2026) == ProductionCalendar.russianFederalYears[2])
    }
}
