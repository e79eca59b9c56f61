import Cabinet
import Testing

@Suite("INN validation")
struct ValidationINNTests {
    @Test(
        "published organization INNs are accepted",
        arguments: [
            "7707083893",  // Sberbank
            "7736207543",  // Yandex
            "7702070139",  // VTB
            "1234567894",  // not issued, but passes the algorithm
        ])
    func acceptsValidOrganizationINN(_ inn: String) throws {
        #expect(try INN.organization(inn) == inn)
        #expect(INN.isValidOrganization(inn))
        #expect(!INN.isValidPerson(inn))
    }

    @Test(
        "spaces, non-breaking spaces and dashes are ignored",
        arguments: [
            "77 07 083 893", "7707-083-893", " 7707083893\n", "\u{00A0}7707\u{00A0}083\u{202F}893",
            "7707\u{2013}083893", "7707\u{2014}083\u{2212}893",
        ])
    func normalisesSeparators(_ raw: String) throws {
        #expect(try INN.organization(raw) == "7707083893")
    }

    @Test("a wrong check digit is refused")
    func refusesBadCheckDigit() {
        #expect(throws: INNRejection.badCheckDigit) { try INN.organization("1234567890") }
        #expect(throws: INNRejection.badCheckDigit) { try INN.organization("7707083894") }
        #expect(throws: INNRejection.badCheckDigit) { try INN.organization("0012345674") }
    }

    @Test("region 00 is refused even with a matching check digit")
    func refusesRegionZero() {
        #expect(throws: INNRejection.badRegion) { try INN.organization("0012345673") }
        #expect(throws: INNRejection.badRegion) { try INN.organization("00 1234 5673") }
        #expect(throws: INNRejection.badRegion) { try INN.person("001234567887") }
        #expect(!INN.isValidPerson("001234567887"))
    }

    @Test(
        "a number of digits other than 10 is refused with the count",
        arguments: [("123456789", 9), ("12345678901", 11), ("1", 1), ("1234567890123", 13), ("123456789012", 12)])
    func refusesWrongLength(_ raw: String, count: Int) {
        #expect(throws: INNRejection.wrongLength(count)) { try INN.organization(raw) }
    }

    @Test(
        "letters and other signs are refused",
        arguments: ["77070838a3", "ИНН 7707083893", "7707083893.", "７７０７０８３８９３"])
    func refusesNonDigits(_ raw: String) {
        #expect(throws: INNRejection.notDigits) { try INN.organization(raw) }
    }

    @Test("empty input is refused as empty", arguments: ["", "   ", " - \u{00A0}\t"])
    func refusesEmpty(_ raw: String) {
        #expect(throws: INNRejection.empty) { try INN.organization(raw) }
        #expect(throws: INNRejection.empty) { try INN.person(raw) }
    }

    @Test("a valid person's INN is refused where an organization's is needed")
    func refusesPersonINNForOrganization() {
        #expect(throws: INNRejection.personINN) { try INN.organization("500100732259") }
        #expect(throws: INNRejection.personINN) { try INN.organization("5001 0073 2259") }
        // A 12-digit number that is not a valid person's INN is just too long.
        #expect(throws: INNRejection.wrongLength(12)) { try INN.organization("500100732250") }
    }

    @Test("a person's INN is checked with both check digits")
    func validatesPersonINN() throws {
        #expect(try INN.person("500100732259") == "500100732259")
        #expect(try INN.person("5001-0073-2259") == "500100732259")
        #expect(INN.isValidPerson("500100732259"))
        #expect(!INN.isValidOrganization("500100732259"))
        #expect(throws: INNRejection.badCheckDigit) { try INN.person("500100732250") }  // 12th digit
        #expect(throws: INNRejection.badCheckDigit) { try INN.person("500100732269") }  // 11th digit
        #expect(throws: INNRejection.wrongLength(10)) { try INN.person("7707083893") }
        #expect(throws: INNRejection.notDigits) { try INN.person("50010073225x") }
    }

    @Test("normalised keeps everything but spaces and dashes")
    func normalised() {
        #expect(INN.normalized(" 77-07 083\u{00A0}893 ") == "7707083893")
        #expect(INN.normalized("ab 12") == "ab12")
    }
}
