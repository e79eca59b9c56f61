import Foundation

/// The forms of typed text that comparisons use, computed over Unicode scalars (no Foundation search, no
/// grapheme breaking: these run on every message).
public enum TextFolding {
    private static let yo: Unicode.Scalar = "\u{0451}"
    private static let ye: Unicode.Scalar = "\u{0435}"
    private static let combiningDiaeresis: Unicode.Scalar = "\u{0308}"

    /// Lower case with `ё` as `е` (also when typed as `е` and a combining diaeresis).
    public static func lowercasedFoldingYo(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.lowercased().unicodeScalars {
            if scalar == combiningDiaeresis, previous == ye { continue }
            let kept = scalar == yo ? ye : scalar
            folded.append(kept)
            previous = kept
        }
        return String(folded)
    }

    /// Lower case, `ё` as `е`, trimmed, inner whitespace collapsed to one space, trailing `.!?,;:` dropped:
    /// the form in which a typed button label is compared with the label.
    public static func fold(_ text: String) -> String {
        quickFold(text) ?? unicodeFold(text)
    }

    /// `fold` over any text, through `lowercased()` and the scalars' Unicode properties.
    static func unicodeFold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in lowercasedFoldingYo(text).unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !folded.isEmpty
                continue
            }
            if pendingSpace {
                folded.append(" ")
                pendingSpace = false
            }
            folded.append(scalar)
        }
        while let last = folded.last, trailingPunctuation.contains(last) {
            folded.removeLast()
        }
        return String(folded)
    }

    private static let trailingPunctuation: Set<Unicode.Scalar> = [".", "!", "?", ",", ";", ":"]

    /// `fold` for text whose letters are ASCII or the basic Cyrillic block (U+0400–U+045F), where lower case is
    /// one scalar for one, and whose whitespace is ASCII: folded directly, without `lowercased()` and most Unicode
    /// property look-ups (other scalars, such as `№`, pass when lower case leaves them as they are). Nil for any
    /// other text, which takes the general way.
    static func quickFold(_ text: String) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value < 0x80 {
                if value == 0x20 || (0x09...0x0D).contains(value) {
                    pendingSpace = !output.isEmpty
                    continue
                }
                if (0x41...0x5A).contains(value) { value += 0x20 }
            } else if (0x400...0x45F).contains(value) {
                if value < 0x410 {
                    value += 0x50
                } else if value < 0x430 {
                    value += 0x20
                }
                if value == 0x451 { value = 0x435 }  // ё as е
            } else if value == combiningDiaeresis.value || scalar.properties.isWhitespace
                || scalar.properties.changesWhenLowercased
            {
                return nil
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            if value < 0x80 {
                output.append(UInt8(value))
            } else if value < 0x800 {
                output.append(UInt8(0xC0 | (value >> 6)))
                output.append(UInt8(0x80 | (value & 0x3F)))
            } else {
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        while let last = output.last, last < 0x80, trailingPunctuation.contains(Unicode.Scalar(last)) {
            output.removeLast()
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension TextFolding {
    /// `text` without whitespace and newlines at either end (what Foundation's `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives, without bridging to `NSString`).
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension TextFolding {
    /// Exactly `text.trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation's call (which bridges
    /// to `NSString`) when neither end can be trimmed: both end scalars visible ASCII or Cyrillic, as in nearly
    /// every answer typed.
    ///
    /// Not `trimmed(_:)`: Foundation's set also holds U+200B ZERO WIDTH SPACE, which Unicode's `White_Space`
    /// does not.
    public static func trimmedAsFoundation(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            isNeverWhitespace(first), isNeverWhitespace(last)
        else { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return text
    }

    private static func isNeverWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        (0x21...0x7E).contains(scalar.value) || (0x0400...0x04FF).contains(scalar.value)
    }
}
