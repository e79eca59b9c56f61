import BotCore
import Cabinet
import Foundation

/// Dates as people read them, in the catalog's format ("May 6, 2026").
enum DateText {
    static func format<Environment>(_ date: CivilDate, _ context: DialogContext<Environment>) -> String {
        let month = months.indices.contains(date.month - 1) ? context.t(months[date.month - 1]) : String(date.month)
        return context.t(.dateFormat, ["day": .number(date.day), "month": .text(month), "year": .number(date.year)])
    }

    /// The months' keys, January first: `L(rawValue:)` would compare the key's text with every key's.
    private static let months: [L] = [
        .month1, .month2, .month3, .month4, .month5, .month6, .month7, .month8, .month9, .month10, .month11, .month12,
    ]

    /// The time of day of an instant in the clock's time zone, "14:05".
    static func time<Environment>(_ instant: Date, _ context: DialogContext<Environment>) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.clock.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// An instant as a person needs it: the time alone when it is today, else the date and the time
    /// ("6 мая 2026 г., 14:05").
    static func moment<Environment>(_ instant: Date, _ context: DialogContext<Environment>) -> String {
        let day = CivilDate(instant, in: context.clock.timeZone)
        guard day != today(context) else { return time(instant, context) }
        return format(day, context) + ", " + time(instant, context)
    }

    /// Today in the clock's time zone.
    static func today<Environment>(_ context: DialogContext<Environment>) -> CivilDate {
        CivilDate(context.now, in: context.clock.timeZone)
    }

    /// A typed sending date: today, yesterday (in either language), "30.04.2026", "30.04", "2026-04-30".
    static func parse<Environment>(_ text: String, _ context: DialogContext<Environment>) -> CivilDate? {
        let folded = Matching.fold(text)
        let today = today(context)
        if InputWords.today.contains(folded) { return today }
        if InputWords.yesterday.contains(folded) { return today.adding(days: -1) }
        if let iso = CivilDate(folded) { return iso }
        let parts = folded.split(whereSeparator: { ".-/ ".contains($0) }).compactMap { Int($0) }
        switch parts.count {
        case 2: return CivilDate(year: today.year, month: parts[1], day: parts[0])
        case 3: return CivilDate(year: parts[2] < 100 ? 2000 + parts[2] : parts[2], month: parts[1], day: parts[0])
        default: return nil
        }
    }
}

/// A stable fingerprint of a text (FNV-1a, 64 bits): identifies which version of a text was shown.
///
/// Not a cryptographic digest and not used as one: the consent log stores it next to the text's version so
/// that an edit of the text without a new version is noticed.
enum TextFingerprint {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return "fnv1a64:" + String(hash, radix: 16)
    }
}
