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

    /// Every ASCII byte at every offset of texts longer and shorter than the eight bytes checked at once, among
    /// plain and two-byte letters: the same bytes as escaping one byte at a time.
    @Test func everyByteAtEveryOffsetIsWrittenAsOneByteAtATimeWouldWriteIt() {
        for filler in ["abcdefghijklmnopqrstu", "абвгдежзийклмнопрсту"] {
            for length in 0...filler.unicodeScalars.count {
                let base = Array(filler.unicodeScalars.prefix(length))
                for offset in 0...base.count {
                    for value in UInt8(0)..<0x80 {
                        var scalars = base
                        scalars.insert(Unicode.Scalar(value), at: offset)
                        var text = ""
                        text.unicodeScalars.append(contentsOf: scalars)
                        var bytes: [UInt8] = []
                        JSONEscaping.appendQuoted(text, to: &bytes)
                        #expect(bytes == oneByteAtATime(text), "byte \(value) at \(offset) of \(length)")
                    }
                }
            }
        }
    }

    private func oneByteAtATime(_ text: String) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case 0x22: output += #"\""#.utf8
            case 0x5C: output += #"\\"#.utf8
            case 0x0A: output += #"\n"#.utf8
            case 0x0D: output += #"\r"#.utf8
            case 0x09: output += #"\t"#.utf8
            case 0..<0x20, 0x7F: output += #"\u00"#.utf8 + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
        return output
    }

    @Test func controlCharactersAreWrittenAsEscapes() {
        var bytes: [UInt8] = []
        JSONEscaping.appendQuoted("a\"b\\c\nd\u{1}e\u{7F}", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001e\u007f""#)
    }
}
