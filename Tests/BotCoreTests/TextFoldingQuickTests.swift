@testable import BotCore
import Testing

/// The direct fold of ASCII and basic Cyrillic text agrees with the general one, and leaves other text to it.
@Suite struct TextFoldingQuickTests {
    @Test(arguments: [
        "", "/start", "Нет логина и пароля", "МБОУ СОШ №1 г. Казани", "  Позвать   ЧЕЛОВЕКА!  ", "Всё\tверно.",
        "ЁЖ ёж Ѐ Ѝ Џ ЂЃЄЅІЇЈЉЊЋЌЎ", "school1@EXAMPLE.ru", "да?!", "\n\r\u{0B}\u{0C}x", "A-B_C{}[]~\u{7F}",
        "абвгдежзийклмнопрстуфхцчшщъыьэюя АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "naïve № 1 — «да» 😀 中文",
    ])
    func quickFoldAgreesWithTheGeneralFold(_ text: String) {
        #expect(TextFolding.quickFold(text) == TextFolding.unicodeFold(text))
    }

    @Test(arguments: ["е\u{0308}ж", "a\u{00A0}b", "x\u{3000}y", "İstanbul", "ΣΑΣ", "Ää"])
    func otherTextTakesTheGeneralWay(_ text: String) {
        #expect(TextFolding.quickFold(text) == nil)
        #expect(TextFolding.fold(text) == TextFolding.unicodeFold(text))
    }
}
