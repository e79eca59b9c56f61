import BotCore
import Testing

@testable import Dialogs

/// A request for a human is recognised as the scalar-by-scalar reading always recognised it.
@Suite struct AsksForHumanTests {
    /// The reading before the quick rejections: every letter and single space kept, then the phrase looked up.
    private func reference(_ folded: String) -> Bool {
        var letters = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar == " " {
                guard let last = letters.last, last != " " else { continue }
                letters.append(scalar)
            } else if scalar.properties.isAlphabetic {
                letters.append(scalar)
            }
        }
        if letters.last == " " { letters.removeLast() }
        return InputWords.humanRequests.contains(String(letters))
    }

    @Test func textsAreReadAsBefore() {
        var texts = Array(InputWords.humanRequests)
        texts += InputWords.humanRequests.map { " \($0)!! " }
        texts += InputWords.humanRequests.map { $0.uppercased() }
        texts += InputWords.humanRequests.map { "1 " + $0 }
        texts += InputWords.humanRequests.map { $0 + " пожалуйста" }
        texts += [
            "", " ", "/start", "нет логина и пароля", "мбоу сош №1 г. казани", "1234567890", "7707083893", "16",
            "татарстан", "school1@example.ru", "иванов иван иванович", "-", "все верно", "оператор?", "о п е р а т о р",
            "опе ратор", "ӧператор", "o\u{308}perator", "ёжик", "живои человек", "живой человек", "живой  человек",
            "«оператор»", "operator 2", "Human", "hümän", "ⓗuman", "ｈｕｍａｎ", "ｏператор",
        ]
        for text in texts {
            let folded = TextFolding.fold(text)
            #expect(InputWords.asksForHuman(folded) == reference(folded), "\(text)")
        }
        #expect(InputWords.humanRequests.allSatisfy { InputWords.asksForHuman(TextFolding.fold($0)) })
    }
}
