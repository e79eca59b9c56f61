import Testing

@testable import Dialogs

/// An organization's name typed in plain letters is collapsed and counted as character by character.
@Suite struct OrganizationNameTests {
    @Test(arguments: [
        "МБОУ СОШ №1 г. Казани", "  МБОУ   СОШ №1  ", "ГБОУ \"Лицей № 2\"", "School No. 5 (Kazan)", "ёЁ ъЪ", "a",
        "", " ", "  x  y  ", "Школа-интернат №3, г. Москва; корпус 2", "~!@#$%^&*()_+{}|:<>?`-=[]\\;',./",
        "Средняя школа", String(repeating: "Школа ", count: 60),
    ])
    func plainNamesAreReadAsCharacterByCharacter(_ text: String) throws {
        let plain = try #require(Validators.plainCollapsed(text))
        let characters = try #require(Validators.characterCollapsed(text))
        #expect(plain.0 == characters.0)
        #expect(plain.count == characters.count)
        #expect(plain.letters == characters.letters)
    }

    @Test(arguments: ["Школа\t№1", "Лицей\u{00A0}2", "Ecole\u{301}", "Школа «Ромашка»", "Ӓ", "ㅤ", "a\u{7F}b"])
    func otherNamesAreLeftToTheCharacters(_ text: String) {
        #expect(Validators.plainCollapsed(text) == nil)
    }
}
