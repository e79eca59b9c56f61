@testable import Cabinet
import Testing

/// The quick check of plain names gives what the general checks give, and leaves every other text to them.
@Suite struct PersonNameQuickTests {
    @Test(arguments: [
        "Иванов Иван Иванович", "  иванов   иван иванович ", "ИВАНОВ ИВАН ИВАНОВИЧ", "Петрова Анна",
        "римский-корсаков николай андреевич", "РИМСКИЙ-КОРСАКОВ Николай", "Ёлкин Семён Пётрович", "ёлкина алёна",
        "O'Brien John", "O'BRIEN JOHN", "smith anna-maria", "Smith Иван Петрович", "Ли Анна", "Ли А", "И. Иванов",
        "Иванов", "Иванов Иван Иванович Петров", "Ivanov Иван", "Иvanov Иван", "-Иван Петров", "Иван- Петров",
        "Ив--ан Петров", "Ив'-ан Петров", "Иван2 Петров", "", "   ", "Иван Петров Сидоров оглы",
        String(repeating: "а", count: 60) + " " + String(repeating: "б", count: 39),
        String(repeating: "а", count: 60) + " " + String(repeating: "б", count: 40),
    ])
    func quickWordsAgreeWithTheGeneralChecks(_ raw: String) {
        let general = try? PersonName(checking: raw)
        if let quick = PersonName.quickWords(raw) {
            #expect(quick.surname == general?.surname)
            #expect(quick.givenName == general?.givenName)
            #expect(quick.patronymic == general?.patronymic)
        }
        #expect((try? PersonName(raw)) == general)
    }

    @Test func plainNamesTakeTheQuickWay() {
        #expect(PersonName.quickWords("Иванов Иван Иванович") != nil)
        #expect(PersonName.quickWords("smith anna-maria") != nil)
    }
}
