import Cabinet
import Foundation
import Testing

@Suite("Phone number validation")
struct ValidationPhoneTests {
    @Test(
        "Russian numbers in the usual forms become +7 and ten digits",
        arguments: [
            ("+7 (843) 123-45-67", "+78431234567"),
            ("8 843 123 45 67", "+78431234567"),
            ("88431234567", "+78431234567"),
            ("78431234567", "+78431234567"),
            ("8431234567", "+78431234567"),
            ("9171234567", "+79171234567"),
            ("+7(917)123.45.67", "+79171234567"),
            ("8 800 550-63-73", "+78005506373"),
            (" +7\u{00A0}912\u{2013}345\u{2013}67\u{2013}89 ", "+79123456789"),
            ("8 (3452) 12-34-56", "+73452123456"),
        ])
    func accepts(_ raw: String, e164: String) throws {
        let phone = try PhoneNumber(raw)
        #expect(phone.e164 == e164)
        #expect(phone.description == e164)
        #expect(phone.nationalNumber == String(e164.dropFirst(2)))
        #expect(PhoneNumber.isValid(raw))
    }

    @Test("a number is grouped for reading")
    func formatted() throws {
        #expect(try PhoneNumber("88005506373").formatted == "+7 (800) 550-63-73")
    }

    @Test("empty input is refused", arguments: ["", "   ", "( ) - ."])
    func refusesEmpty(_ raw: String) {
        #expect(throws: PhoneNumberRejection.empty) { try PhoneNumber(raw) }
    }

    @Test(
        "other characters are refused with the first one",
        arguments: [
            ("8 843 123 45 6x", "x"), ("+7 843 123+45-67", "+"), ("тел. 88431234567", "т"), ("++78431234567", "+"),
        ])
    func refusesBadCharacters(_ raw: String, character: String) {
        #expect(throws: PhoneNumberRejection.badCharacters(character)) { try PhoneNumber(raw) }
    }

    @Test(
        "a count of digits that fits no form is refused with the count",
        arguments: [
            ("843123456", 9), ("884312345678", 12), ("+7843123456", 10), ("123", 3), ("8 10 7 843 123 45 67", 14),
        ])
    func refusesWrongLength(_ raw: String, count: Int) {
        #expect(throws: PhoneNumberRejection.wrongLength(count)) { try PhoneNumber(raw) }
    }

    @Test(
        "numbers of other countries are refused",
        arguments: ["+1 202 555 0100", "+375 29 123 45 67", "38044123456", "+7 727 123 45 67", "7 701 123 45 67"])
    func refusesForeign(_ raw: String) {
        #expect(throws: PhoneNumberRejection.notRussian) { try PhoneNumber(raw) }
    }

    @Test(
        "codes no Russian number starts with are refused",
        arguments: [("0123456789", "012"), ("+7 512 345 67 89", "512")])
    func refusesBadAreaCode(_ raw: String, code: String) {
        #expect(throws: PhoneNumberRejection.badAreaCode(code)) { try PhoneNumber(raw) }
    }

    @Test("a number survives a JSON round trip")
    func codable() throws {
        let phone = try PhoneNumber("8 (843) 123-45-67")
        let data = try JSONEncoder().encode(phone)
        #expect(String(decoding: data, as: UTF8.self) == #""+78431234567""#)
        #expect(try JSONDecoder().decode(PhoneNumber.self, from: data) == phone)
    }
}
