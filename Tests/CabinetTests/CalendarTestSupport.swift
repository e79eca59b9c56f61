import Cabinet
import Foundation
import Testing

// Helpers of the Calendar*Tests files, prefixed so as not to collide with other suites of this target.

/// `yyyy-MM-dd` to a date, for test tables; records an issue for text that is not a date.
func calendarDate(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> CivilDate {
    guard let date = CivilDate(text) else {
        Issue.record("not a date: \(text)", sourceLocation: sourceLocation)
        return CivilDate(year: 1970, month: 1, day: 1)!
    }
    return date
}

/// Every date from `first` to `last`, both included.
func calendarDates(_ first: String, through last: String) -> [CivilDate] {
    let start = calendarDate(first)
    return (0...start.days(until: calendarDate(last))).map { start.adding(days: $0) }
}

/// The bytes of a file in `Fixtures/calendar`, found next to this source file.
func calendarFixture(_ name: String) throws -> Data {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/calendar").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

/// Collects the years a calendar reports through its `onUnknownYear` callback.
final class CalendarReportedYears: @unchecked Sendable {
    // `@unchecked Sendable`: `years` is touched only while `lock` is held.
    private let lock = NSLock()
    private var years: [Int] = []

    /// The years reported so far, in order.
    var all: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return years
    }

    func append(_ year: Int) {
        lock.lock()
        years.append(year)
        lock.unlock()
    }
}
