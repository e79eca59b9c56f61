import BotCore
import Cabinet
import Foundation

/// The clock of scripts: reading `clock` lines and moving a ``Clock`` by them.
public enum ScriptClock {
    /// Where the clock of a script stands when the script does not say: Monday 2 March 2026, 10:00 in Moscow.
    public static let defaultStart = Date(timeIntervalSince1970: 1_772_434_800)

    /// The words of each unit, singular and plural, long and short.
    static let unitWords: [String: ClockMove.Unit] = [
        "s": .seconds, "sec": .seconds, "second": .seconds, "seconds": .seconds,
        "m": .minutes, "min": .minutes, "minute": .minutes, "minutes": .minutes,
        "h": .hours, "hour": .hours, "hours": .hours,
        "d": .days, "day": .days, "days": .days,
        "w": .weeks, "week": .weeks, "weeks": .weeks,
    ]

    /// Reads `+3 business days`, `+2 hours 30 minutes`, `+90s`.
    static func moves(_ text: String) throws(ScriptError.Problem) -> [ClockMove] {
        guard text.hasPrefix("+") else { throw .badDuration(text) }
        var words = text.dropFirst().lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        var moves: [ClockMove] = []
        while !words.isEmpty {
            var word = words.removeFirst()
            let digits = word.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Int(digits), amount <= 100_000 else { throw .badDuration(text) }
            word.removeFirst(digits.count)
            if word.isEmpty {
                guard !words.isEmpty else { throw .badDuration(text) }
                word = words.removeFirst()
            }
            if word == "business" || word == "working" {
                guard let next = words.first, next == "day" || next == "days" else { throw .badDuration(text) }
                words.removeFirst()
                moves.append(ClockMove(amount, .businessDays))
            } else if let unit = unitWords[word] {
                moves.append(ClockMove(amount, unit))
            } else {
                throw .badDuration(text)
            }
        }
        guard !moves.isEmpty else { throw .badDuration(text) }
        return moves
    }

    /// Reads `2026-04-30 10:00`, `2026-04-30 10:00:30 Europe/Moscow`, `2026-04-30T10:00:00+03:00`, `2026-04-30`.
    static func instant(_ words: [String]) throws(ScriptError.Problem) -> Date {
        let text = words.joined(separator: " ")
        guard (1...3).contains(words.count) else { throw .badInstant(text) }
        var zone = Clock.moscow
        var parts = words
        if parts.count > 1, let last = parts.last, let named = timeZone(last) {
            zone = named
            parts.removeLast()
        }
        guard parts.count <= 2 else { throw .badInstant(text) }
        let joined = parts.joined(separator: "T")
        guard let date = Clock.parseInstant(joined, timeZone: zone) else { throw .badInstant(text) }
        return date
    }

    /// `Europe/Moscow`, `UTC`, `+03:00`.
    static func timeZone(_ text: String) -> TimeZone? {
        if text.uppercased() == "UTC" || text.uppercased() == "GMT" { return TimeZone(secondsFromGMT: 0) }
        if let sign = text.first, sign == "+" || sign == "-" {
            let digits = text.dropFirst().split(separator: ":")
            guard digits.count == 2, let hours = Int(digits[0]), let minutes = Int(digits[1]), hours <= 14,
                minutes < 60
            else { return nil }
            let seconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
            return TimeZone(secondsFromGMT: seconds)
        }
        return text.contains("/") ? TimeZone(identifier: text) : nil
    }

    /// The instant `moves` after `start`: business days by `calendar`, keeping the time of day in `timeZone`.
    public static func instant(
        after start: Date, moving moves: [ClockMove], calendar: ProductionCalendar, timeZone: TimeZone
    ) -> Date {
        var instant = start
        for move in moves {
            switch move.unit {
            case .seconds: instant += Double(move.amount)
            case .minutes: instant += Double(move.amount) * 60
            case .hours: instant += Double(move.amount) * 3600
            case .days, .weeks, .businessDays:
                var gregorian = Calendar(identifier: .gregorian)
                gregorian.timeZone = timeZone
                let today = CivilDate(instant, in: timeZone)
                let target: CivilDate
                switch move.unit {
                case .businessDays: target = calendar.adding(businessDays: move.amount, to: today)
                case .weeks: target = today.adding(days: move.amount * 7)
                default: target = today.adding(days: move.amount)
                }
                let days = today.days(until: target)
                instant = gregorian.date(byAdding: .day, value: days, to: instant) ?? instant + Double(days) * 86_400
            }
        }
        return instant
    }
}

extension ScriptParser {
    /// A `clock` line's action: an instant to set, or moves forward.
    static func clock(_ words: [String]) throws(ScriptError.Problem) -> ScriptAction {
        guard let first = words.first else {
            throw .missingArgument(directive: "clock", what: "a date-time or a move such as +3 business days")
        }
        if first.hasPrefix("+") {
            return .advanceClock(try ScriptClock.moves(words.joined(separator: " ")))
        }
        return .setClock(try ScriptClock.instant(words))
    }
}
