/// The common case of a full name, checked over Unicode scalars: two or three words of Latin (ASCII) or basic
/// Cyrillic letters, with hyphens and apostrophes inside, separated by spaces.
///
/// Such text has one scalar per character, so the checks of `PersonName.init(checking:)` come to these few
/// comparisons; they cost a few hundred instructions instead of two hundred thousand. Anything else, and every
/// name that would be refused, takes the general checks, which also say why.
extension PersonName {
    /// The surname, the given name and the patronymic (or nil) of `raw`, when it is plainly a valid name.
    static func quickWords(_ raw: String) -> (surname: String, givenName: String, patronymic: String?)? {
        var words: [[UInt32]] = []
        var word: [UInt32] = []
        var length = 0
        for scalar in raw.unicodeScalars {
            let value = scalar.value
            if value == 0x20 {
                if !word.isEmpty { words.append(word) }
                word.removeAll(keepingCapacity: true)
                continue
            }
            guard isPlainLetter(value) || isSign(value) else { return nil }
            word.append(value)
            length += 1
        }
        if !word.isEmpty { words.append(word) }
        // Four words may carry a patronymic particle: the general checks decide those.
        guard words.count == 2 || words.count == 3, length + words.count - 1 <= maximumLength else { return nil }
        for word in words {
            guard let first = word.first, let last = word.last, !isSign(first), !isSign(last) else { return nil }
            for index in word.indices.dropFirst() where isSign(word[index]) && isSign(word[index - 1]) {
                return nil
            }
            if word.contains(where: isCyrillic) && word.contains(where: isLatin) { return nil }
        }
        // A one-letter given name or patronymic is an initial.
        if words.dropFirst().contains(where: { $0.count == 1 }) { return nil }
        let names = words.map(capitalized)
        return (names[0], names[1], names.count == 3 ? names[2] : nil)
    }

    private static func isSign(_ value: UInt32) -> Bool { value == 0x2D || value == 0x27 }

    private static func isLatin(_ value: UInt32) -> Bool {
        (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
    }

    private static func isCyrillic(_ value: UInt32) -> Bool {
        (0x410...0x44F).contains(value) || value == 0x401 || value == 0x451
    }

    private static func isPlainLetter(_ value: UInt32) -> Bool { isLatin(value) || isCyrillic(value) }
    private static func isUpper(_ value: UInt32) -> Bool {
        (0x41...0x5A).contains(value) || (0x410...0x42F).contains(value) || value == 0x401
    }

    private static func lower(_ value: UInt32) -> UInt32 {
        if (0x41...0x5A).contains(value) || (0x410...0x42F).contains(value) { return value + 0x20 }
        return value == 0x401 ? 0x451 : value
    }

    private static func upper(_ value: UInt32) -> UInt32 {
        if (0x61...0x7A).contains(value) || (0x430...0x44F).contains(value) { return value - 0x20 }
        return value == 0x451 ? 0x401 : value
    }

    /// What `capitalized` makes of a plain word: a word in capitals only lowered first, then the first letter of
    /// every hyphen-separated part upper-cased.
    private static func capitalized(_ word: [UInt32]) -> String {
        let isAllCapitals = word.count > 1 && word.allSatisfy { isSign($0) || isUpper($0) }
        var result = String.UnicodeScalarView()
        var startsPart = true
        for value in word {
            var value = isAllCapitals ? lower(value) : value
            if startsPart { value = upper(value) }
            startsPart = value == 0x2D
            if let scalar = Unicode.Scalar(value) { result.append(scalar) }
        }
        return String(result)
    }
}
