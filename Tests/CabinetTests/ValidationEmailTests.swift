import Cabinet
import Foundation
import Testing

@Suite("E-mail address validation")
struct ValidationEmailTests {
    @Test(
        "practical addresses are accepted and normalised",
        arguments: [
            ("school1@example.ru", "school1@example.ru"),
            ("  School1@Example.RU \n", "School1@example.ru"),
            ("ivan.petrov+reports@mail.ru", "ivan.petrov+reports@mail.ru"),
            ("o'brien_42@sub.domain.co.uk", "o'brien_42@sub.domain.co.uk"),
            ("a!#$%&'*+/=?^_`{|}~-z@x.org", "a!#$%&'*+/=?^_`{|}~-z@x.org"),
            ("director@Школа.РФ", "director@школа.рф"),
            ("директор@школа.рф", "директор@школа.рф"),
            ("sosh-1@xn--80aswg.xn--p1ai", "sosh-1@xn--80aswg.xn--p1ai"),
            ("info@my-school-1.edu.ru", "info@my-school-1.edu.ru"),
            ("a@b.c1", "a@b.c1"),
        ])
    func accepts(_ raw: String, normalised: String) throws {
        let address = try EmailAddress(raw)
        #expect(address.description == normalised)
        #expect(EmailAddress.isValid(raw))
    }

    @Test("the parts are kept apart")
    func parts() throws {
        let address = try EmailAddress("Regions@EDUCONT.ru")
        #expect(address.localPart == "Regions")
        #expect(address.domain == "educont.ru")
    }

    @Test("empty input is refused", arguments: ["", "   ", "\n\t"])
    func refusesEmpty(_ raw: String) {
        #expect(throws: EmailAddressRejection.empty) { try EmailAddress(raw) }
    }

    @Test("a missing or repeated @ is refused")
    func refusesAt() {
        #expect(throws: EmailAddressRejection.missingAt) { try EmailAddress("school1.example.ru") }
        #expect(throws: EmailAddressRejection.multipleAt) { try EmailAddress("a@b@example.ru") }
    }

    @Test(
        "a bad part before @ is refused with that part",
        arguments: [
            ("@example.ru", ""), (".ivan@example.ru", ".ivan"), ("ivan.@example.ru", "ivan."),
            ("iv..an@example.ru", "iv..an"), ("iv an@example.ru", "iv an"), ("ivan(1)@example.ru", "ivan(1)"),
            ("\"ivan\"@example.ru", "\"ivan\""), ("ivan,petrov@example.ru", "ivan,petrov"),
        ])
    func refusesBadLocalPart(_ raw: String, part: String) {
        #expect(throws: EmailAddressRejection.badLocalPart(part)) { try EmailAddress(raw) }
    }

    @Test(
        "a bad domain is refused with that domain",
        arguments: [
            ("ivan@", ""), ("ivan@localhost", "localhost"), ("ivan@example..ru", "example..ru"),
            ("ivan@.example.ru", ".example.ru"), ("ivan@example.ru.", "example.ru."),
            ("ivan@-example.ru", "-example.ru"), ("ivan@example-.ru", "example-.ru"),
            ("ivan@exa_mple.ru", "exa_mple.ru"), ("ivan@192.168.0.1", "192.168.0.1"),
            ("ivan@[192.168.0.1]", "[192.168.0.1]"), ("ivan@example.123", "example.123"),
            ("ivan@школа.рф ru", "школа.рф ru"),
        ])
    func refusesBadDomain(_ raw: String, domain: String) {
        #expect(throws: EmailAddressRejection.badDomain(domain)) { try EmailAddress(raw) }
    }

    @Test("a label longer than 63 characters is refused")
    func refusesLongLabel() {
        let label = String(repeating: "a", count: 64)
        #expect(throws: EmailAddressRejection.badDomain("\(label).ru")) { try EmailAddress("ivan@\(label).ru") }
        #expect(EmailAddress.isValid("ivan@\(label.dropLast()).ru"))
    }

    @Test("length limits: 64 before @, 254 in all")
    func refusesTooLong() {
        let local64 = String(repeating: "a", count: 64)
        #expect(EmailAddress.isValid("\(local64)@example.ru"))
        #expect(throws: EmailAddressRejection.localPartTooLong(limit: 64)) {
            try EmailAddress("a\(local64)@example.ru")
        }
        let labels = Array(repeating: String(repeating: "d", count: 60), count: 4).joined(separator: ".")
        let exactly254 = "\(String(repeating: "b", count: 7))@\(labels).ru"  // 7 + 1 + 243 + 3
        #expect(exactly254.count == 254)
        #expect(EmailAddress.isValid(exactly254))
        #expect(throws: EmailAddressRejection.tooLong(limit: 254)) { try EmailAddress("b" + exactly254) }
    }

    @Test("an address survives a JSON round trip and a bad one does not decode")
    func codable() throws {
        let address = try EmailAddress("Ivan@Example.RU")
        let data = try JSONEncoder().encode([address])
        #expect(String(decoding: data, as: UTF8.self) == #"["Ivan@example.ru"]"#)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: data) == [address])
        let notAnAddress = Data(#"["x"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EmailAddress].self, from: notAnAddress) }
    }
}
