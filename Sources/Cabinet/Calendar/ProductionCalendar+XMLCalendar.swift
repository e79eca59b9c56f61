import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Why an xmlcalendar file could not be loaded.
public enum XMLCalendarError: Error, Equatable, Sendable {
    /// The data is not well-formed XML; the parser stopped at `line`.
    case malformedXML(line: Int)
    /// The document has no `<calendar>` element.
    case notACalendar
    /// The `<calendar>` element has no `year` attribute, or one (carried) that is not a year from 1 to 9999.
    case badYear(String)
    /// A `<day>` element's `d` attribute (carried) is not a `MM.DD` day of the calendar's year.
    case badDay(String)
    /// A `<day>` element (its `d` carried) has a `t` attribute (carried) other than `1`, `2` or `3`.
    case badDayType(day: String, type: String)
}

extension ProductionCalendar {
    /// Adds the year of an xmlcalendar.ru file, or replaces the calendar's days for that year; returns the year.
    ///
    /// The format (https://xmlcalendar.ru) lists only the days that differ from an ordinary week:
    ///
    /// ```xml
    /// <calendar year="2026" lang="ru" date="2025.09.30" country="ru">
    ///   <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
    ///   <days>
    ///     <day d="01.01" t="1" h="1"/>       <!-- MM.DD; t=1 a holiday or day off -->
    ///     <day d="04.30" t="2"/>             <!-- t=2 a shortened working day -->
    ///     <day d="11.01" t="3"/>             <!-- t=3 a working day on a weekend (2025) -->
    ///   </days>
    /// </calendar>
    /// ```
    ///
    /// The whole file is checked before the calendar changes, so a bad file leaves it as it was.
    @discardableResult
    public mutating func load(xmlcalendar data: Data) throws(XMLCalendarError) -> Int {
        let reader = XMLCalendarReader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let isParsed = parser.parse()
        if let error = reader.error { throw error }
        // On Linux `parse()` recovers from some errors and returns true; `parserError` still tells.
        guard isParsed, parser.parserError == nil else { throw .malformedXML(line: parser.lineNumber) }
        guard let year = reader.year else { throw .notACalendar }
        var exceptions = Year(year: year, daysOff: [], workingWeekendDays: [])
        for (date, kind) in reader.days {
            switch (kind, date.isWeekend) {
            case (.dayOff, false): exceptions.daysOff.insert(date)
            case (.shortened, true), (.workingWeekend, true): exceptions.workingWeekendDays.insert(date)
            default: break  // a day off on a weekend or a working weekday changes nothing
            }
        }
        setExceptions(exceptions)
        return year
    }
}

/// Collects the year and the days of an xmlcalendar document while `XMLParser` reads it.
private final class XMLCalendarReader: NSObject, XMLParserDelegate {
    /// The kinds of day the `t` attribute names.
    enum Kind: String {
        case dayOff = "1", shortened = "2", workingWeekend = "3"
    }

    private(set) var year: Int?
    private(set) var days: [(CivilDate, Kind)] = []
    private(set) var error: XMLCalendarError?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String]
    ) {
        guard error == nil else { return }
        switch elementName {
        case "calendar":
            let text = attributeDict["year"] ?? ""
            guard let digits = ValidationInput.asciiDigits(text), digits.count == 4,
                let year = Int(text), CivilDate.supportedYears.contains(year)
            else { return fail(.badYear(text), parser) }
            self.year = year
        case "day":
            guard let year else { return fail(.notACalendar, parser) }
            let text = attributeDict["d"] ?? ""
            guard let date = Self.date(text, year: year) else { return fail(.badDay(text), parser) }
            let type = attributeDict["t"] ?? ""
            guard let kind = Kind(rawValue: type) else { return fail(.badDayType(day: text, type: type), parser) }
            days.append((date, kind))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard error == nil else { return }
        fail(.malformedXML(line: parser.lineNumber), parser)
    }

    private func fail(_ error: XMLCalendarError, _ parser: XMLParser) {
        self.error = error
        parser.abortParsing()
    }

    /// Reads `MM.DD` as a day of `year`.
    private static func date(_ text: String, year: Int) -> CivilDate? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
            let month = Int(parts[0]), let day = Int(parts[1]),
            parts.allSatisfy({ ValidationInput.asciiDigits(String($0)) != nil })
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
