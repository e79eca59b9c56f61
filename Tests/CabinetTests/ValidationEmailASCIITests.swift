import Testing

@testable import Cabinet

/// The byte-by-byte reading of visible-ASCII addresses gives what the character-by-character grammar gives: the
/// same parts, or the same rejection.
@Suite struct ValidationEmailASCIITests {
    private func outcome(_ parse: () throws(EmailAddressRejection) -> (String, String)?) -> String {
        do {
            guard let (local, domain) = try parse() else { return "not visible ASCII" }
            return "\(local) at \(domain)"
        } catch {
            return "\(error)"
        }
    }

    @Test func everyShortTextOfTheAddressAlphabetIsReadAsTheGrammarReadsIt() {
        let alphabet = Array("aZ9.-@_+!\"(")
        var texts: [String] = []
        func extend(_ prefix: String, _ length: Int) {
            texts.append(prefix)
            guard length > 0 else { return }
            for character in alphabet { extend(prefix + String(character), length - 1) }
        }
        extend("", 4)
        texts += [
            "school1@Example.RU", "a@b.c1", "a@b.12", "a@-b.ru", "a@b-.ru", "a..b@x.ru", ".a@x.ru", "a.@x.ru",
            "a@x..ru", "a@x", "@x.ru", "a@", String(repeating: "a", count: 65) + "@x.ru",
            String(repeating: "a", count: 64) + "@x.ru",
            "a@" + String(repeating: "b", count: 64) + ".ru", "a@" + String(repeating: "b", count: 63) + ".ru",
            String(repeating: "a", count: 60) + "@" + String(repeating: "b.", count: 97) + "ru",
            "a!#$%&'*+/=?^_`{|}~-z@X.org", "a b@x.ru", "a@x.ru\u{7F}",
        ]
        for text in texts where !text.isEmpty {
            let quick = outcome { () throws(EmailAddressRejection) in try EmailAddress.visibleASCIIParts(text) }
            guard quick != "not visible ASCII" else { continue }
            let grammar = outcome { () throws(EmailAddressRejection) in try EmailAddress.parts(text) }
            #expect(quick == grammar, "\(text)")
        }
    }
}
