import BotCore
import Foundation
import Testing

/// The folded forms typed text is compared in, and button labels recognised through them.
@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Ещё", "еще"),
        ("ЁЛКА", "елка"),
        ("е\u{0308}ж", "еж"),  // ё typed as е and a combining diaeresis
        ("Naïve", "naïve"),
        ("", ""),
    ])
    func lowerCaseWithYoAsYe(_ text: String, _ expected: String) {
        #expect(TextFolding.lowercasedFoldingYo(text) == expected)
    }

    @Test(arguments: [
        ("  Позвать   ЧЕЛОВЕКА!  ", "позвать человека"),
        ("Всё\tверно.", "все верно"),
        ("да?!", "да"),
        ("\n\n", ""),
        ("1 3 5-8", "1 3 5-8"),
        ("a\u{00A0}b", "a b"),  // a no-break space is whitespace too
    ])
    func aTypedLabelIsFolded(_ text: String, _ expected: String) {
        #expect(TextFolding.fold(text) == expected)
    }

    @Test(arguments: [
        ("  Иванов Иван \n", "Иванов Иван"),
        ("\t\u{00A0}x y\u{3000}", "x y"),
        (" \n\t ", ""),
        ("as is", "as is"),
    ])
    func whitespaceAtTheEndsIsTrimmed(_ text: String, _ expected: String) {
        #expect(TextFolding.trimmed(text) == expected)
    }

    @Test(arguments: [
        "", " ", "school1@example.ru", "  school1@example.ru\n", "Татарстан", "\u{200B}Татарстан\u{200B}",
        "\u{00A0}16\u{3000}", "x\u{200B}", "\u{200B}", "\t\r\n", "е\u{0308}", "\u{0308}x", "😀", " 😀 ", "№1", "a b",
    ])
    func trimmedAsFoundationIsFoundationsTrimming(_ text: String) {
        let foundation = text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Array(TextFolding.trimmedAsFoundation(text).unicodeScalars) == Array(foundation.unicodeScalars))
    }

    @Test func aLabelIsRecognisedInEitherLanguageHoweverItIsTyped() {
        let catalog = Catalog([
            .ru: ["button.all": "Всё верно", "greeting": "Привет, {name}"],
            .en: ["button.all": "All correct", "greeting": "Hello, {name}"],
        ])
        #expect(catalog.isLabel(folded: TextFolding.fold("все  ВЕРНО."), "button.all"))
        #expect(catalog.isLabel(folded: TextFolding.fold("all correct"), "button.all"))
        #expect(!catalog.isLabel(folded: TextFolding.fold("всё неверно"), "button.all"))
        #expect(!catalog.isLabel(folded: TextFolding.fold("всё верно"), "greeting"))
        #expect(catalog.isLabel(folded: TextFolding.fold("Привет, "), "greeting"))
    }

    @Test func aKeyThatIsALabelInOneLanguageOnlyIsStillRecognisedInTheOther() {
        let long = String(repeating: "очень длинный текст ", count: 8)
        let catalog = Catalog([
            .ru: ["button.later": "Позже", "note": long, "ru.only": "Только"],
            .en: ["button.later": "Hello, {name}", "note": "Note"],
        ])
        #expect(catalog.isLabel(folded: TextFolding.fold("позже"), "button.later"))
        #expect(catalog.isLabel(folded: TextFolding.fold("Hello, "), "button.later"))
        #expect(catalog.isLabel(folded: TextFolding.fold(long), "note"))
        #expect(catalog.isLabel(folded: TextFolding.fold("note"), "note"))
        #expect(catalog.isLabel(folded: TextFolding.fold("только"), "ru.only"), "English falls back to Russian")
        #expect(catalog.isLabel(folded: "no.such.key", "no.such.key"), "a missing key's text is the key")
        #expect(!catalog.isLabel(folded: TextFolding.fold("позже"), "note"))
    }
}
