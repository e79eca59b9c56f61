import Cabinet
import Foundation
import Testing

@Suite("Person name validation")
struct ValidationPersonNameTests {
    @Test(
        "full names are accepted, collapsed and capitalised",
        arguments: [
            ("Иванов Иван Иванович", "Иванов Иван Иванович"),
            ("  иванов   иван\tиванович ", "Иванов Иван Иванович"),
            ("ИВАНОВ ИВАН ИВАНОВИЧ", "Иванов Иван Иванович"),
            ("Петрова Анна", "Петрова Анна"),
            ("римский-корсаков николай андреевич", "Римский-Корсаков Николай Андреевич"),
            ("Салтыков\u{2011}Щедрин Михаил Евграфович", "Салтыков-Щедрин Михаил Евграфович"),
            ("Ёлкин Семён Пётрович", "Ёлкин Семён Пётрович"),
            ("ёлкина алёна", "Ёлкина Алёна"),
            ("O'Brien John", "O'Brien John"),
            ("o\u{2019}brien john", "O'brien John"),
            ("smith anna-maria", "Smith Anna-Maria"),
            ("Müller Jürgen", "Müller Jürgen"),
            ("Smith Иван Петрович", "Smith Иван Петрович"),
            ("Мамедов Рашид Гейдар оглы", "Мамедов Рашид Гейдар оглы"),
            ("Алиева Лейла Рза КЫЗЫ", "Алиева Лейла Рза кызы"),
            ("Ли Анна", "Ли Анна"),
        ])
    func accepts(_ raw: String, normalised: String) throws {
        let name = try PersonName(raw)
        #expect(name.fullName == normalised)
        #expect(name.description == normalised)
        #expect(PersonName.isValid(raw))
    }

    @Test("the words are split into surname, given name and patronymic")
    func parts() throws {
        let full = try PersonName("иванов иван иванович")
        #expect(full.surname == "Иванов")
        #expect(full.givenName == "Иван")
        #expect(full.patronymic == "Иванович")
        let short = try PersonName("Smith John")
        #expect(short.patronymic == nil)
        let turkic = try PersonName("Мамедов Рашид Гейдар оглы")
        #expect(turkic.patronymic == "Гейдар оглы")
    }

    @Test("empty input is refused", arguments: ["", "   ", "\n"])
    func refusesEmpty(_ raw: String) {
        #expect(throws: PersonNameRejection.empty) { try PersonName(raw) }
    }

    @Test("one word is too few, four or more too many")
    func refusesWordCount() {
        #expect(throws: PersonNameRejection.tooFewWords(1)) { try PersonName("Иванов") }
        #expect(throws: PersonNameRejection.tooManyWords(4)) { try PersonName("Иванов Иван Иванович Петров") }
        #expect(throws: PersonNameRejection.tooManyWords(5)) { try PersonName("Мамедов Рашид Гейдар оглы Али") }
    }

    @Test(
        "characters other than letters, hyphens and apostrophes are refused with the first one",
        arguments: [
            ("Иванов1 Иван", "1"), ("Иванов Иван!", "!"), ("Иванов, Иван", ","), ("Иванов Ив@н", "@"),
            ("Иванов Ива_н", "_"), ("Ivanov Ivan 😀", "😀"), ("Иванов Иван Ив.", "."), ("Σωκράτης Σοφρονίσκου", "Σ"),
        ])
    func refusesBadCharacters(_ raw: String, character: String) {
        #expect(throws: PersonNameRejection.badCharacters(character)) { try PersonName(raw) }
    }

    @Test(
        "initials are refused",
        arguments: [("Иванов И.И.", "И.И."), ("Иванов И. И.", "И."), ("Ivanov I.", "I."), ("Иванов И И", "И")])
    func refusesInitials(_ raw: String, initials: String) {
        #expect(throws: PersonNameRejection.initials(initials)) { try PersonName(raw) }
    }

    @Test(
        "hyphens and apostrophes only inside a word",
        arguments: ["-Иванов Иван", "Иванов- Иван", "Римский--Корсаков Николай", "'Brien John", "O'-Brien John"])
    func refusesMisplacedSigns(_ raw: String) {
        let word = String(raw.split(separator: " ")[0])
        #expect(throws: PersonNameRejection.misplacedHyphenOrApostrophe(word)) { try PersonName(raw) }
    }

    @Test(
        "Cyrillic and Latin letters may not be mixed in one word",
        arguments: [
            ("Иванoв Иван", "Иванoв"),  // a Latin "o"
            ("Ivanov Ивaн", "Ивaн"),  // a Latin "a"
            ("Римский-Korsakov Николай", "Римский-Korsakov"),
        ])
    func refusesMixedScripts(_ raw: String, word: String) {
        #expect(throws: PersonNameRejection.mixedScripts(word)) { try PersonName(raw) }
    }

    @Test("a name longer than 100 characters is refused")
    func refusesTooLong() {
        let long = String(repeating: "а", count: 60)
        #expect(throws: PersonNameRejection.tooLong(limit: 100)) { try PersonName("\(long) \(long)") }
        #expect(PersonName.isValid("\(long) \(String(repeating: "б", count: 39))"))
    }

    @Test("a name survives a JSON round trip")
    func codable() throws {
        let name = try PersonName("петров пётр петрович")
        let data = try JSONEncoder().encode(name)
        #expect(try JSONDecoder().decode(PersonName.self, from: data) == name)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PersonName.self, from: Data(#""Петров""#.utf8)) }
    }
}
