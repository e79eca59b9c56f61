import Foundation
import Testing

@testable import BotCore

/// The one string writer of the wire and the stored JSON: what it writes reads back as the same text.
@Suite struct JSONEscapingTests {
    @Test(arguments: [
        "", "plain", "Иванов «Иван» Иванович", "quote \" and \\ backslash", "line\nbreak\r\ttab",
        "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}", "😀 emoji 👩‍👩‍👧", "\u{202E}rtl", "е\u{0308}", "{\"state\":\"x\"}",
        String(repeating: "\"", count: 300),
    ])
    func writtenStringsReadBackTheSame(_ text: String) throws {
        var bytes: [UInt8] = []
        JSONEscaping.appendQuoted(text, to: &bytes)
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(parsed == text)
        #expect(!bytes.dropFirst().dropLast().contains { $0 < 0x20 || $0 == 0x7F }, "no raw control byte")
    }

    @Test func controlCharactersAreWrittenAsEscapes() {
        var bytes: [UInt8] = []
        JSONEscaping.appendQuoted("a\"b\\c\nd\u{1}e\u{7F}", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001e\u007f""#)
    }
}
