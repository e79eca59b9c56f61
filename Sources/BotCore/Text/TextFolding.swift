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
