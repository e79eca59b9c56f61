import Foundation

/// Small text helpers shared by the validators in this folder.
///
/// People paste numbers from documents, spreadsheets and messengers, so separators come in many
/// forms: ordinary and non-breaking spaces, hyphens, en and em dashes, the minus sign.
enum ValidationInput {
    /// Every dash-like character a phone keyboard or a word processor may produce.
    static let dashes: Set<Character> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FE63}",
        "\u{FF0D}",
    ]

    /// Returns `raw` without whitespace (any Unicode space, including non-breaking ones), dashes and `extra`.
    static func removingSeparators(_ raw: String, extra: Set<Character> = []) -> String {
        // ASCII digits alone (an INN as typed) have nothing to remove; the filter looks up every character.
        if extra.isEmpty, raw.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) { return raw }
        return String(raw.filter { !$0.isWhitespace && !dashes.contains($0) && !extra.contains($0) })
    }

    /// The values of `text`'s characters when every one is an ASCII digit, otherwise nil.
    static func asciiDigits(_ text: String) -> [Int]? {
        var digits: [Int] = []
        digits.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard ("0"..."9").contains(scalar) else { return nil }
            digits.append(Int(scalar.value - 48))
        }
        return digits
    }

    /// Whether `character` is a letter of the Cyrillic script (U+0400–U+052F).
    static func isCyrillicLetter(_ character: Character) -> Bool {
        guard character.isLetter, let scalar = character.unicodeScalars.first else { return false }
        return (0x0400...0x052F).contains(scalar.value)
    }

    /// Whether `character` is a letter of the Latin script, plain or accented (U+0041–U+024F).
    static func isLatinLetter(_ character: Character) -> Bool {
        guard character.isLetter, let scalar = character.unicodeScalars.first else { return false }
        return scalar.isASCII || (0x00C0...0x024F).contains(scalar.value)
    }
}
